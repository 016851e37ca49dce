// The public capture URL of a test inbox: records any POST/PUT/PATCH (method, headers, raw body up
// to 256 KiB) and answers 200 {"ok":true}. Unknown token: 404.
import { publicRoute } from "@/lib/api/route";
import { readBodyText } from "@/lib/api/request-body";
import { captureRequest, INBOX_MAX_BODY_BYTES } from "@/lib/inboxes/inboxes";

const capture = publicRoute(async (req, params) => {
  const body = await readBodyText(req, INBOX_MAX_BODY_BYTES);
  await captureRequest(params.token, { method: req.method, headers: Object.fromEntries(req.headers), body });
  return Response.json({ ok: true });
});

export { capture as POST, capture as PUT, capture as PATCH };
