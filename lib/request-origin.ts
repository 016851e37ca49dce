// Where a request came from and where it reached us, as far as HOOKYARD_TRUST_PROXY lets us
// believe the X-Forwarded-* headers: the origin (for links we hand out and the CSRF check), the
// client's address (for the sign-in limiter), and whether cookies must be Secure. Used by the
// dashboard's sign-in (lib/auth), the portal's cookie (lib/portal) and route handlers alike.
import { env } from "./env";

/**
 * A header set by the reverse proxy in front of us (its first value), or null. Believed only when
 * HOOKYARD_TRUST_PROXY says a proxy is there: anyone else can send X-Forwarded-* too (and Next.js
 * keeps what a client sent).
 */
function fromProxy(req: Request, name: "x-forwarded-host" | "x-forwarded-proto"): string | null {
  if (!env().HOOKYARD_TRUST_PROXY) return null;
  return req.headers.get(name)?.split(",")[0].trim() || null;
}

/**
 * The origin this request reached us at: the proxy's when trusted, else our own server's — plain
 * HTTP (TLS is a proxy's job) at the Host the client asked for.
 */
export function requestOrigin(req: Request): string {
  const host = fromProxy(req, "x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  const proto = fromProxy(req, "x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

/** The origin users reach Hookyard at: HOOKYARD_PUBLIC_URL when set, else the request's (requestOrigin). */
export function publicOrigin(req: Request): string {
  const configured = env().HOOKYARD_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  return requestOrigin(req);
}

/**
 * The client's IP address as the outermost trusted proxy saw it, or null when no proxy is trusted
 * (then X-Forwarded-For may be anyone's invention, and Next.js shows us nothing else).
 */
export function clientAddress(req: Request): string | null {
  const hops = env().HOOKYARD_TRUST_PROXY;
  if (!hops) return null;
  const chain = (req.headers.get("x-forwarded-for") ?? "").split(",").map((a) => a.trim()).filter(Boolean);
  return chain[Math.max(0, chain.length - hops)] ?? null;
}

/** Cookies get the Secure flag (and next-auth's __Secure- name) when Hookyard is served over https. */
export function usesSecureCookies(req: Request): boolean {
  const configured = env().HOOKYARD_PUBLIC_URL ?? env().NEXTAUTH_URL;
  if (configured) return configured.startsWith("https://");
  return publicOrigin(req).startsWith("https://");
}

/**
 * CSRF defence for cookie-authenticated mutations and sign-in/sign-up: the Origin header must be
 * exactly (scheme, host and port) the origin the request reached us at, or the public URL.
 */
export function isSameOrigin(req: Request): boolean {
  const header = req.headers.get("origin");
  if (!header) return false;
  try {
    const origin = new URL(header).origin;
    return origin !== "null" && (origin === new URL(requestOrigin(req)).origin || origin === new URL(publicOrigin(req)).origin);
  } catch {
    return false; // an Origin or Host that is no URL
  }
}
