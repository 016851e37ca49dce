// The security headers of every response, in one place: the API's (set by the route wrappers in
// lib/api/route.ts) and the dashboard pages' (set by proxy.ts, with a fresh CSP nonce per page).

/**
 * API responses are data for one caller — keys, secrets, custom header values, invitation links —
 * so nothing may store them (browsers, proxies), sniff them into HTML, or frame them.
 */
const API_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/** Adds the API's headers to a response (a route that chose its own Cache-Control keeps it). */
export function apiResponseHeaders(res: Response): Response {
  for (const [name, value] of Object.entries(API_HEADERS)) {
    if (!res.headers.has(name)) res.headers.set(name, value);
  }
  return res;
}

/**
 * The dashboard's Content-Security-Policy: scripts only from us and only with this response's
 * nonce (Next.js puts it on its own inline scripts when it finds it in the request's CSP header),
 * no plugins, forms and fetches to our own origin only, and no framing (clickjacking) — except a
 * portal page, which `framers` (the operator's HOOKYARD_PORTAL_ORIGINS) may frame and whose logo
 * may come from them (lib/portal/framing.ts). Styles allow inline attributes: React renders
 * `style=""` for a few components. `next dev` additionally needs eval (React's debugging) and
 * websockets (hot reload).
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean, framers: readonly string[] = []): string {
  const operatorSites = framers.map((origin) => ` ${origin}`).join("");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${operatorSites}`,
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${framers.length ? framers.join(" ") : "'none'"}`,
  ].join("; ");
}

/**
 * Headers of every dashboard page besides its CSP. X-Frame-Options cannot name origins: a page
 * that `framers` may frame goes without it (CSP frame-ancestors says who, and browsers obey it
 * over X-Frame-Options anyway).
 */
export function pageHeaders(framers: readonly string[] = []): Record<string, string> {
  return {
    ...(framers.length ? {} : { "x-frame-options": "DENY" }),
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}
