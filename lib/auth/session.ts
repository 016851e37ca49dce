// The dashboard user behind a request's next-auth session cookie, with their tenant roles.
// Sessions are database rows (the next-auth `Session` table, written by the Prisma adapter or by
// our password sign-in in lib/auth/next-auth.ts); the cookie holds the random token, the row only
// its hash (lib/auth/session-tokens.ts).
import "server-only";
import { db } from "../db/client";
import type { MembershipRole } from "../db/generated/client";
import { env } from "../env";
import { hashSessionToken } from "./session-tokens";

export interface SessionUser {
  id: string;
  email: string | null;
  name: string | null;
  isAdmin: boolean;
  roles: ReadonlyMap<string, MembershipRole>;
}

/** next-auth's defaults: sessions live 30 days and slide forward at most once a day. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** next-auth's own cookie names, so its /api/auth routes (session, sign-out) see our sessions. */
export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

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

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      cookies.set(name, part.slice(eq + 1).trim());
    }
  }
  return cookies;
}

/** The session token among a request's cookies (either cookie name), or null. */
export function sessionTokenFrom(cookie: (name: string) => string | undefined): string | null {
  return cookie(SECURE_SESSION_COOKIE) || cookie(SESSION_COOKIE) || null;
}

/** The live session's user and roles for a session token, or null (unknown or expired). */
export async function sessionUserByToken(token: string | null): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db().session.findUnique({
    where: { sessionToken: hashSessionToken(token) },
    include: { user: { include: { memberships: { select: { tenantId: true, role: true } } } } },
  });
  const now = Date.now();
  if (!session || session.expires.getTime() <= now) return null;
  // Slide the expiry forward, like next-auth's own session endpoint does, at most once a day.
  if (session.expires.getTime() - now < (SESSION_MAX_AGE_SECONDS - SESSION_UPDATE_AGE_SECONDS) * 1000) {
    void db()
      .session.update({ where: { id: session.id }, data: { expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) } })
      .catch(() => {});
  }
  const { user } = session;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    roles: new Map(user.memberships.map((m) => [m.tenantId, m.role])),
  };
}

export async function sessionUser(req: Request): Promise<SessionUser | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  return sessionUserByToken(sessionTokenFrom((name) => cookies.get(name)));
}

/** GET /api/v1/me: the caller and the tenants they belong to (admins see others via /tenants). */
export async function describeCaller(principal: import("./principal").Principal): Promise<import("../schemas/auth").MeJson> {
  if (principal.type === "user") {
    const user = await db().user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { id: true, email: true, name: true, isAdmin: true, memberships: { select: { role: true, tenant: true }, orderBy: { tenant: { name: "asc" } } } },
    });
    return {
      type: "user",
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      tenants: user.memberships.map((m) => ({ id: m.tenant.id, uid: m.tenant.uid, name: m.tenant.name, role: m.role })),
    };
  }
  if (principal.type === "tenant_key") {
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: principal.tenantId } });
    return { type: "tenant_key", id: principal.keyId, email: null, name: null, isAdmin: false, tenants: [{ id: tenant.id, uid: tenant.uid, name: tenant.name, role: null }] };
  }
  if (principal.type === "portal") {
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: principal.tenantId } });
    return { type: "portal", id: principal.sessionId, email: null, name: null, isAdmin: false, tenants: [{ id: tenant.id, uid: tenant.uid, name: tenant.name, role: principal.role }] };
  }
  return { type: "admin_key", id: principal.keyId, email: null, name: null, isAdmin: true, tenants: [] };
}
