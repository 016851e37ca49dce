// Tells who is calling from a request (see principal.ts): an API key, a portal session's cookie or
// a signed-in user's session.
import "server-only";
import { db } from "../db/client";
import { forbidden, unauthorized } from "../errors";
import { findActiveApiKey } from "./api-keys";
import type { Principal } from "./principal";
import { parseCookies, sessionUser } from "./session";
import { isSameOrigin } from "../request-origin";
import { portalTokenFrom } from "../portal/cookie";
import { portalSessionByToken } from "../portal/sessions";

/** lastUsedAt is bookkeeping, not audit: writing it once a minute per key is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** When this process last wrote each key's lastUsedAt, so concurrent requests do not all write it. */
const lastUseWritten = new Map<string, number>();

function noteKeyUse(keyId: string, lastUsedAt: Date | null): void {
  const now = Date.now();
  const seen = Math.max(lastUsedAt?.getTime() ?? 0, lastUseWritten.get(keyId) ?? 0);
  if (now - seen <= LAST_USED_RESOLUTION_MS) return;
  if (lastUseWritten.size >= 10_000) lastUseWritten.clear();
  lastUseWritten.set(keyId, now);
  void db().apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
}

export async function authenticate(req: Request): Promise<Principal> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthorized("Authorization header must be `Bearer <api key>`");
    const key = await findActiveApiKey(match[1]);
    if (!key) throw unauthorized();
    noteKeyUse(key.id, key.lastUsedAt);
    return key.scope === "admin"
      ? { type: "admin_key", keyId: key.id }
      : { type: "tenant_key", keyId: key.id, tenantId: key.tenantId!, role: key.role ?? "member" };
  }
  // Cookie-authenticated mutations must come from our own pages (CSRF defence), portal pages
  // inside the operator's iframe included: their requests come from our origin too.
  const checkOrigin = () => {
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  };
  // A live portal session wins over a user session in the same browser: the portal was opened on purpose.
  const cookies = parseCookies(req.headers.get("cookie"));
  const portalToken = portalTokenFrom((name) => cookies.get(name));
  const portal = portalToken ? await portalSessionByToken(portalToken) : null;
  if (portal && !("ended" in portal)) {
    checkOrigin();
    return { type: "portal", sessionId: portal.id, tenantId: portal.tenantId, role: portal.role, features: portal.features };
  }
  const user = await sessionUser(req);
  if (!user) throw unauthorized(portalToken ? "This portal session has ended" : "Missing API key or session");
  checkOrigin();
  return { type: "user", userId: user.id, isAdmin: user.isAdmin, roles: user.roles };
}
