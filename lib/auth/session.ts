// The dashboard user behind a request's next-auth session cookie, with their tenant roles.
// Sessions are database rows (the next-auth `Session` table, written by the Prisma adapter or by
// our password sign-in in lib/auth/next-auth.ts); the cookie holds the random token, the row only
// its hash (lib/crypto/token-hash.ts).
import "server-only";
import { db } from "../db/client";
import type { MembershipRole } from "../db/generated/client";
import { hashToken } from "../crypto/token-hash";

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
    where: { sessionToken: hashToken(token) },
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
