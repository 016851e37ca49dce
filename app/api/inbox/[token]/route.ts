// The public capture URL of a test inbox: records any POST/PUT/PATCH a webhook sender makes
// (method, headers but cookies, raw body up to 256 KiB) and answers 200 {"ok":true}. Unknown
// token: 404; a browser's request: 403 or 415 (see refuseBrowserRequests).
import { publicRoute } from "@/lib/api/route";
import { readBodyText } from "@/lib/api/request-body";
import { captureRequest, INBOX_MAX_BODY_BYTES, refuseBrowserRequests } from "@/lib/inboxes/inboxes";

const capture = publicRoute(async (req, params) => {
  refuseBrowserRequests(req.headers);
  const body = await readBodyText(req, INBOX_MAX_BODY_BYTES);
  await captureRequest(params.token, { method: req.method, headers: Object.fromEntries(req.headers), body });
  return Response.json({ ok: true });
});

export { capture as POST, capture as PUT, capture as PATCH };
