// Dashboard test helpers: sign up / sign in through the real routes and carry the session cookie.
import { BASE_URL, call, type ApiResponse } from "../../helpers/api";

export const ORIGIN = BASE_URL;
const HOST = new URL(BASE_URL).host;

/** Headers a same-origin browser request carries. */
export const sameOrigin = { origin: ORIGIN, host: HOST };

export function sessionCookie(res: ApiResponse): string {
  const setCookie = res.headers.get("set-cookie");
  if (!setCookie) throw new Error(`no session cookie (status ${res.status}: ${res.text})`);
  return setCookie.split(";")[0];
}

export async function signUp(body: { email: string; password: string; name?: string; invitation?: string }) {
  return call("POST", "/api/auth/sign-up", { body, headers: sameOrigin });
}

export async function signIn(email: string, password: string) {
  return call("POST", "/api/auth/password", { body: { email, password }, headers: sameOrigin });
}

/** A cookie-authenticated call; mutations get the same-origin headers unless `crossOrigin`. */
export function asUser(cookie: string) {
  return {
    get: (path: string) => call("GET", path, { headers: { cookie } }),
    post: (path: string, body: unknown, opts: { crossOrigin?: boolean } = {}) =>
      call("POST", path, { body, headers: opts.crossOrigin ? { cookie } : { cookie, ...sameOrigin } }),
    patch: (path: string, body: unknown) => call("PATCH", path, { body, headers: { cookie, ...sameOrigin } }),
    del: (path: string) => call("DELETE", path, { headers: { cookie, ...sameOrigin } }),
  };
}
