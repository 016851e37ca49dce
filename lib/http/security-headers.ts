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
 * no plugins, no framing by anyone (clickjacking), forms and fetches to our own origin only.
 * Styles allow inline attributes: React renders `style=""` for a few components. `next dev`
 * additionally needs eval (React's debugging) and websockets (hot reload).
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers of every dashboard page besides its CSP. */
export const PAGE_HEADERS: Record<string, string> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};
