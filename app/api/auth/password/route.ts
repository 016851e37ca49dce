// Email + password sign-in: checks the password (within the sign-in limits) and opens a next-auth
// database session (see lib/auth/next-auth.ts for why this is not a Credentials provider). The
// browser also gets a device cookie for the address (lib/auth/device-cookie.ts).
import { forbidden, unauthorized } from "@/lib/errors";
import { parseWith, publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request-body";
import { signInSchema } from "@/lib/schemas/auth";
import { deviceCookieFor } from "@/lib/auth/device-cookie";
import { startSession } from "@/lib/auth/next-auth";
import { checkPassword } from "@/lib/auth/password-sign-in";
import { isSameOrigin } from "@/lib/request-origin";

export const POST = publicRoute(async (req) => {
  if (!isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  const { email, password } = parseWith(signInSchema, await readJsonBody(req, 16 * 1024), "request body");
  const user = await checkPassword(req, email, password);
  if (!user) throw unauthorized("Wrong email or password");
  const { setCookie } = await startSession(user.id, req);
  const headers = new Headers({ "set-cookie": setCookie });
  const device = deviceCookieFor(req, email);
  if (device) headers.append("set-cookie", device);
  return Response.json({ ok: true }, { headers });
});
