// The device cookie (OWASP, "Slow down online guessing attacks with device cookies"): after a
// successful password sign-in the browser gets a cookie that proves "this device has signed in to
// this address before". Its sign-in attempts then count against its own bucket only
// (lib/auth/sign-in-limiter.ts), so nobody else's wrong guesses can slow the real user down.
// The value is a random id with an HMAC binding it to the address; the key is derived from
// NEXTAUTH_SECRET (or the encryption key), so only this server can mint one.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { normalizeEmail } from "../users/users";
import { parseCookies } from "./session";
import { usesSecureCookies } from "../request-origin";

export const DEVICE_COOKIE = "hookyard.device";
const MAX_AGE_SECONDS = 180 * 86_400;

function macKey(): Buffer | null {
  const secret = env().NEXTAUTH_SECRET ?? env().HOOKYARD_ENCRYPTION_KEY;
  return secret ? createHmac("sha256", secret).update("hookyard device cookie v1").digest() : null;
}

function mac(key: Buffer, id: string, email: string): string {
  return createHmac("sha256", key).update(`${id}|${normalizeEmail(email)}`).digest("base64url");
}

/** The device id in the request's cookie, if it was minted here for this address; else null. */
export function trustedDevice(req: Request, email: string): string | null {
  const key = macKey();
  const value = parseCookies(req.headers.get("cookie")).get(DEVICE_COOKIE);
  if (!key || !value || value.length > 200) return null;
  const [id, given] = value.split(".");
  if (!id || !given) return null;
  const expected = Buffer.from(mac(key, id, email));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}

/** A Set-Cookie for this device and address (the same id when it already had one), or null without a key. */
export function deviceCookieFor(req: Request, email: string): string | null {
  const key = macKey();
  if (!key) return null;
  const id = trustedDevice(req, email) ?? randomBytes(16).toString("base64url");
  const secure = usesSecureCookies(req);
  return `${DEVICE_COOKIE}=${id}.${mac(key, id, email)}; Path=/api/auth; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}
