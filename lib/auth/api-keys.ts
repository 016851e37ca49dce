// API keys: `hy_` + 32 random bytes (base62-ish base64url). Only the SHA-256 hash is stored,
// with a short prefix kept for display; the key itself is shown once, at creation.
import { createHash, randomBytes } from "node:crypto";
import type { DbTx } from "../db/client";
import type { ApiKey, ApiKeyScope } from "../db/generated/client";
import { newId } from "../ids";
import { notFound } from "../api/errors";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";

const KEY_PREFIX = "hy_";
const DISPLAY_PREFIX_LENGTH = 10;

/** Key rows by hash, unknown keys (null) included. Every change to a key here clears it; another
 * process's revocation takes effect here within LOOKUP_CACHE_TTL_MS (see lib/cache/ttl-cache). */
const keysByHash = ttlCache<ApiKey | null>(LOOKUP_CACHE_TTL_MS);

/** Forget cached key lookups (after any change to an API key). */
export function apiKeysChanged(): void {
  keysByHash.clear();
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
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
  input: { name: string; scope: ApiKeyScope; tenantId: string | null; key?: string },
): Promise<CreatedApiKey> {
  const key = input.key ?? generateApiKey();
  const row = await db.apiKey.create({
    data: {
      id: newId("apiKey"),
      name: input.name,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      scope: input.scope,
      tenantId: input.tenantId,
    },
  });
  apiKeysChanged(); // it may have been looked up (and cached as unknown) before
  return { row, key };
}

/** The live key with that plaintext, or null (unknown or revoked). Cached briefly: see keysByHash. */
export async function findActiveApiKey(db: DbTx, key: string): Promise<ApiKey | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const hash = hashApiKey(key);
  const row = await keysByHash.get(hash, () => db.apiKey.findUnique({ where: { hash } }));
  return row && !row.revokedAt ? row : null;
}

/** Ensures the admin key given by HOOKYARD_BOOTSTRAP_ADMIN_KEY exists (automated deploys). */
export async function ensureBootstrapAdminKey(db: DbTx, key: string): Promise<boolean> {
  const existing = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
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
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Revokes a key; revoking twice is harmless. 404 when no such key is within `where`'s reach. */
export async function revokeApiKey(db: DbTx, id: string, where: { scope?: ApiKeyScope } = {}): Promise<void> {
  const key = await db.apiKey.findFirst({ where: { id, ...where } });
  if (!key) throw notFound("API key");
  if (!key.revokedAt) await db.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: new Date() } });
  apiKeysChanged();
}
