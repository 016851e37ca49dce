// API keys: `hy_` + 32 random bytes (base62-ish base64url). Only the SHA-256 hash is stored,
// with a short prefix kept for display; the key itself is shown once, at creation.
import { randomBytes } from "node:crypto";
import { hashToken } from "../crypto/token-hash";
import { hot, hotQuery, type DbTx } from "../db/client";
import { Prisma, type ApiKey, type ApiKeyScope, type MembershipRole } from "../db/generated/client";
import { newId } from "../ids";
import { forbidden, notFound } from "../errors";
import { roleAtLeast } from "./roles";

const KEY_PREFIX = "hy_";
const DISPLAY_PREFIX_LENGTH = 10;

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

export interface CreatedApiKey {
  row: ApiKey;
  /** The plaintext key: return it to the caller once, never store it. */
  key: string;
}

export async function createApiKey(
  db: DbTx,
  input: { name: string; scope: ApiKeyScope; tenantId: string | null; role?: MembershipRole | null; key?: string },
): Promise<CreatedApiKey> {
  const key = input.key ?? generateApiKey();
  const row = await db.apiKey.create({
    data: {
      id: newId("apiKey"),
      name: input.name,
      prefix: displayPrefix(key),
      hash: hashToken(key),
      scope: input.scope,
      tenantId: input.tenantId,
      role: input.scope === "tenant" ? (input.role ?? "member") : null,
    },
  });
  return { row, key };
}

/**
 * The role a new tenant key gets: the one asked for (by default member, or the creator's own when
 * that is less), and never more than its creator has — a key must not let anyone outgrow their role.
 */
export function newTenantKeyRole(creatorRole: MembershipRole | null, requested: MembershipRole | undefined): MembershipRole {
  if (!creatorRole) throw forbidden("You cannot create keys for this tenant");
  const role = requested ?? (roleAtLeast(creatorRole, "member") ? "member" : creatorRole);
  if (!roleAtLeast(creatorRole, role)) throw forbidden(`A key cannot have more rights than its creator: you may create ${creatorRole} keys at most`);
  return role;
}

/**
 * The live key with that plaintext, or null (unknown or revoked). Read from the database on every
 * request, never cached: a revocation — by the API, the dashboard or the CLI, in any process — is
 * refused by every server from the moment it commits.
 */
export async function findActiveApiKey(key: string): Promise<ActiveApiKey | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  // Every API request runs this: a hot statement (db/client.ts) costs a fraction of Prisma's findUnique.
  const { rows: [row] } = await hotQuery<ActiveApiKey>(Prisma.sql`${hot("api-key")}
    SELECT "id", "scope", "tenantId", "role", "lastUsedAt" FROM "ApiKey" WHERE "hash" = ${hashToken(key)} AND "revokedAt" IS NULL`);
  return row ?? null;
}

/** What a request needs to know about the key it came with. */
export type ActiveApiKey = Pick<ApiKey, "id" | "scope" | "tenantId" | "role" | "lastUsedAt">;

/** Ensures the admin key given by HOOKYARD_BOOTSTRAP_ADMIN_KEY exists (automated deploys). */
export async function ensureBootstrapAdminKey(db: DbTx, key: string): Promise<boolean> {
  const existing = await db.apiKey.findUnique({ where: { hash: hashToken(key) } });
  if (existing) return false;
  await createApiKey(db, { name: "bootstrap", scope: "admin", tenantId: null, key });
  return true;
}

export function apiKeyJson(row: ApiKey) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    tenantId: row.tenantId,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Revokes a key; revoking twice is harmless. 404 when no such key is within `where`'s reach; 403
 * when the key has a higher role than `callerRole` (a member cannot revoke an owner's key).
 */
export async function revokeApiKey(db: DbTx, id: string, where: { scope?: ApiKeyScope } = {}, callerRole?: MembershipRole | null): Promise<void> {
  const key = await db.apiKey.findFirst({ where: { id, ...where } });
  if (!key) throw notFound("API key");
  if (callerRole !== undefined && key.role && !roleAtLeast(callerRole, key.role)) throw forbidden(`Only a tenant ${key.role} can revoke this key`);
  if (!key.revokedAt) await db.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: new Date() } });
}
