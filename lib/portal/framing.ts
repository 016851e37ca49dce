// Which dashboard responses may be shown in an iframe, and by whom. Everything is
// `frame-ancestors 'none'` (clickjacking) except the portal: its entry page (/portal) and every
// page a browser holding a portal cookie asks for may be framed by HOOKYARD_PORTAL_ORIGINS.
// proxy.ts decides this per request from the path and the cookie's presence alone, without a
// database read: the operator's own sites are the only ones ever allowed, and what the page shows
// is decided later by the session itself (lib/auth/dashboard-caller.ts).

/** The portal session cookie: `__Host-` over https, the plain name on http (lib/portal/cookie.ts). */
export const PORTAL_COOKIE = "hookyard-portal";
export const SECURE_PORTAL_COOKIE = "__Host-hookyard-portal";

/** Where a portal link leads: the page that exchanges the link's token for the cookie. */
export const PORTAL_ENTRY_PATH = "/portal";

export function isPortalPageRequest(pathname: string, hasCookie: (name: string) => boolean): boolean {
  return pathname === PORTAL_ENTRY_PATH || hasCookie(PORTAL_COOKIE) || hasCookie(SECURE_PORTAL_COOKIE);
}
