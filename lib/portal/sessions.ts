// Portal sessions: the operator's backend asks for a link (createPortalSession); the first browser
// to open it exchanges the link's token for a session cookie (redeemPortalLink); every request then
// finds its session by the cookie (portalSessionByToken).
//
// Single use: a link opens one browser, once, within LINK_TTL_MS. Opening it again from the browser
// that holds its session (the operator's page reloaded with the same iframe src) goes back into
// that session; from any other browser it is refused. The session ends at expiresAt whatever
// happens in it (no sliding), or when the operator deletes it.
//
// Tokens are stored as SHA-256 only (link and session alike), like sessions and API keys: a copy
// of the database opens nothing.
import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Db } from "../db/client";
import type { TenantScope } from "../db/tenant-scope";
import type { MembershipRole } from "../db/generated/client";
import { validationFailed, type ErrorDetail } from "../errors";
import { PORTAL_FEATURE_NAMES, type PortalFeatures, type PortalSessionCreate, type PortalSessionJson, type PortalTheme } from "../schemas/portal";
import { hashToken } from "../crypto/token-hash";
import { env } from "../env";
import { newId } from "../ids";
import { PORTAL_COOKIE_GRACE_MS } from "./cookie";
import { ALL_FEATURES } from "./features";
import { PORTAL_ENTRY_PATH } from "./framing";
import { checkLogoUrl, checkReturnUrl } from "./urls";

/** How long a link may wait to be opened: it is meant for an iframe rendered right away. */
export const LINK_TTL_MS = 5 * 60 * 1000;

export interface PortalSession {
  id: string;
  tenantId: string;
  role: MembershipRole;
  features: PortalFeatures;
  theme: PortalTheme;
  returnUrl: string | null;
  expiresAt: Date;
}

/** A session that has ended (expired), as much as its "ended" page needs. */
export interface EndedPortalSession {
  returnUrl: string | null;
  theme: PortalTheme;
}

const newToken = () => `hyp_${randomBytes(32).toString("base64url")}`;

function resolveFeatures(stored: unknown): PortalFeatures {
  const given = (typeof stored === "object" && stored !== null ? stored : {}) as Partial<Record<string, unknown>>;
  return Object.fromEntries(PORTAL_FEATURE_NAMES.map((name) => [name, given[name] !== false])) as PortalFeatures;
}

function toSession(row: { id: string; tenantId: string; role: MembershipRole; features: unknown; theme: unknown; returnUrl: string | null; expiresAt: Date }): PortalSession {
  return {
    id: row.id,
    tenantId: row.tenantId,
    role: row.role,
    features: resolveFeatures(row.features),
    theme: (row.theme ?? {}) as PortalTheme,
    returnUrl: row.returnUrl,
    expiresAt: row.expiresAt,
  };
}

/** The operator's URLs in the request, checked against HOOKYARD_PORTAL_ORIGINS (422 otherwise). */
function checkedUrls(input: PortalSessionCreate): { returnUrl: string | null; theme: PortalTheme } {
  const origins = env().portalOrigins;
  const problems: ErrorDetail[] = [];
  let returnUrl: string | null = null;
  const theme: PortalTheme = { ...input.theme };
  if (input.returnUrl !== undefined) {
    const check = checkReturnUrl(input.returnUrl, origins);
    if (check.ok) returnUrl = check.url;
    else problems.push({ path: "returnUrl", message: check.message });
  }
  if (theme.logoUrl !== undefined) {
    const check = checkLogoUrl(theme.logoUrl, origins);
    if (check.ok) theme.logoUrl = check.url;
    else problems.push({ path: "theme.logoUrl", message: check.message });
  }
  if (problems.length) throw validationFailed(`Invalid request body: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);
  return { returnUrl, theme };
}

/** Removes sessions whose cookie has expired too, a bounded batch at a time. */
async function pruneEnded(client: Db): Promise<void> {
  const before = new Date(Date.now() - PORTAL_COOKIE_GRACE_MS);
  await client.$executeRaw`DELETE FROM "PortalSession" WHERE id IN (SELECT id FROM "PortalSession" WHERE "expiresAt" < ${before} LIMIT 500)`;
}

export async function createPortalSession(scope: TenantScope, input: PortalSessionCreate, origin: string): Promise<PortalSessionJson> {
  const { returnUrl, theme } = checkedUrls(input);
  const token = newToken();
  const now = Date.now();
  const expiresAt = new Date(now + input.expiresIn * 1000);
  const row = await scope.db.portalSession.create({
    data: {
      id: newId("portalSession"),
      tenantId: scope.tenantId,
      role: input.role,
      features: { ...ALL_FEATURES, ...input.features },
      theme,
      returnUrl,
      linkTokenHash: hashToken(token),
      linkExpiresAt: new Date(Math.min(now + LINK_TTL_MS, expiresAt.getTime())),
      expiresAt,
    },
  });
  void pruneEnded(db()).catch(() => {});
  // In the fragment: never sent to a server (no access log, no Referer), and link checkers that
  // fetch a URL without running its scripts cannot use it up.
  return { id: row.id, url: `${origin}${PORTAL_ENTRY_PATH}#${token}`, expiresAt: expiresAt.toISOString() };
}

export type Redemption =
  | { ok: true; session: PortalSession; sessionToken: string }
  | { ok: false; reason: "unknown" | "expired" | "used" };

/**
 * Opens the session of a link. `cookieToken` is the portal cookie the browser already has: when
 * it is this link's session, the link was opened here before and leads back into it.
 */
export async function redeemPortalLink(linkToken: string, cookieToken: string | null): Promise<Redemption> {
  const row = await db().portalSession.findUnique({ where: { linkTokenHash: hashToken(linkToken) } });
  if (!row) return { ok: false, reason: "unknown" };
  const now = new Date();
  const refused = (reason: "expired" | "used"): Redemption => ({ ok: false, reason });
  if (row.expiresAt <= now) return refused("expired");
  if (row.redeemedAt) {
    const same = cookieToken !== null && row.sessionTokenHash === hashToken(cookieToken);
    return same ? { ok: true, session: toSession(row), sessionToken: cookieToken } : refused("used");
  }
  if (row.linkExpiresAt <= now) return refused("expired");
  const sessionToken = newToken();
  // Two browsers opening the link at once: one update finds it unopened, the other is refused.
  const { count } = await db().portalSession.updateMany({
    where: { id: row.id, redeemedAt: null },
    data: { redeemedAt: now, sessionTokenHash: hashToken(sessionToken) },
  });
  return count === 1 ? { ok: true, session: toSession(row), sessionToken } : refused("used");
}

/**
 * The live session of a cookie's token; `{ ended }` for one that has expired (its row is kept for
 * the cookie's lifetime); null for a token that opens nothing (deleted, or never issued).
 */
export async function portalSessionByToken(token: string | null): Promise<PortalSession | { ended: EndedPortalSession } | null> {
  if (!token || token.length > 200) return null;
  const row = await db().portalSession.findUnique({ where: { sessionTokenHash: hashToken(token) } });
  if (!row) return null;
  if (row.expiresAt.getTime() <= Date.now()) return { ended: { returnUrl: row.returnUrl, theme: (row.theme ?? {}) as PortalTheme } };
  return toSession(row);
}

export async function portalSessionExists(scope: TenantScope, id: string): Promise<boolean> {
  return (await scope.db.portalSession.findFirst({ where: { id }, select: { id: true } })) !== null;
}

/**
 * Ends a session now (the operator revokes it): its next request is refused, and its pages show
 * "ended" with the way back. Its row stays until its cookie would have expired (pruneEnded).
 */
export async function endPortalSession(scope: TenantScope, id: string): Promise<void> {
  const now = new Date();
  await scope.db.portalSession.updateMany({ where: { id, expiresAt: { gt: now } }, data: { expiresAt: now } });
}
