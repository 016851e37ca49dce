// The portal session cookie. The portal lives in an iframe on the operator's site, so its cookie
// is a third-party cookie there, which browsers send only with `SameSite=None; Secure` — and,
// as browsers phase out unpartitioned third-party cookies, only when `Partitioned` (CHIPS): kept
// in a jar of its own per top-level site. Partitioned is what we want anyway: the session exists
// only inside the operator's page that embedded it, and no other site's page (nor a top-level
// visit to Hookyard) carries it along.
//
// Secure needs https — except on loopback (http://localhost, 127.0.0.1), which browsers treat as a
// secure context and let set Secure cookies: development and the browser tests get the real
// attributes. Plain http on any other host cannot carry a Secure cookie, so there the cookie is
// `SameSite=Lax`: the portal works opened as a page of its own, not embedded in another site.
import "server-only";
import { publicOrigin, usesSecureCookies } from "../request-origin";
import { PORTAL_COOKIE, SECURE_PORTAL_COOKIE } from "./framing";
import { isLoopbackHost } from "../http/origins";

/** The cookie outlives its session by a day, so an ended session shows "ended", not a sign-in page. */
export const PORTAL_COOKIE_GRACE_MS = 24 * 60 * 60 * 1000;

export type PortalCookieMode = "cross-site" | "loopback" | "same-site-only";

export function portalCookieMode(req: Request): PortalCookieMode {
  if (usesSecureCookies(req)) return "cross-site";
  return isLoopbackHost(new URL(publicOrigin(req)).hostname) ? "loopback" : "same-site-only";
}

export function portalSetCookie(req: Request, token: string, sessionExpiresAt: Date): string {
  const mode = portalCookieMode(req);
  const expires = new Date(sessionExpiresAt.getTime() + PORTAL_COOKIE_GRACE_MS).toUTCString();
  const name = mode === "cross-site" ? SECURE_PORTAL_COOKIE : PORTAL_COOKIE;
  const crossSite = mode === "same-site-only" ? "SameSite=Lax" : "Secure; SameSite=None; Partitioned";
  return `${name}=${token}; Path=/; Expires=${expires}; HttpOnly; ${crossSite}`;
}

/** The portal token among a request's cookies (either name), or null. */
export function portalTokenFrom(cookie: (name: string) => string | undefined): string | null {
  return cookie(SECURE_PORTAL_COOKIE) || cookie(PORTAL_COOKIE) || null;
}
