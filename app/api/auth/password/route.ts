// Email + password sign-in: checks the password and opens a next-auth database session (see
// lib/auth/next-auth.ts for why this is not a Credentials provider).
import { forbidden, unauthorized } from "@/lib/api/errors";
import { parseWith, publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request-body";
import { signInSchema } from "@/lib/api/schemas/auth";
import { checkPassword, startSession } from "@/lib/auth/next-auth";
import { isSameOrigin } from "@/lib/auth/session";

export const POST = publicRoute(async (req) => {
  if (!isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  const { email, password } = parseWith(signInSchema, await readJsonBody(req, 16 * 1024), "request body");
  const user = await checkPassword(email, password);
  if (!user) throw unauthorized("Wrong email or password");
  const { setCookie } = await startSession(user.id, req);
  return Response.json({ ok: true }, { headers: { "set-cookie": setCookie } });
});
