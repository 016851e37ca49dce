// Sign-up: the first account becomes operator admin; later ones need an invitation. Signs the new
// user in (a next-auth database session) on success.
import { forbidden } from "@/lib/errors";
import { parseWith, publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request-body";
import { signUpSchema } from "@/lib/schemas/auth";
import { deviceCookieFor } from "@/lib/auth/device-cookie";
import { startSession } from "@/lib/auth/next-auth";
import { isSameOrigin } from "@/lib/request-origin";
import { signUp } from "@/lib/invitations/sign-up";

export const POST = publicRoute(async (req) => {
  if (!isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  const input = parseWith(signUpSchema, await readJsonBody(req, 16 * 1024), "request body");
  const user = await signUp(input);
  const { setCookie } = await startSession(user.id, req);
  const headers = new Headers({ "set-cookie": setCookie });
  const device = deviceCookieFor(req, input.email);
  if (device) headers.append("set-cookie", device);
  return Response.json({ id: user.id, isAdmin: user.isAdmin }, { status: 201, headers });
});
