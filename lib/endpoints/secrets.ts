// Endpoint signing secrets: encrypted at rest, rotated with a grace period during which the old
// secret still signs (requests then carry both signatures).
import type { DbTx } from "../db/client";
import type { TenantScope } from "../db/tenant-scope";
import { waitOutSendFence } from "../delivery/send-fence";
import { sealSecret, openSecret } from "../crypto/secret-box";
import { generateSecret, isValidSecret } from "../delivery/signing";
import { validationFailed } from "../errors";
import { newId } from "../ids";

export function checkSecret(secret: string | undefined): string {
  if (secret === undefined) return generateSecret();
  if (!isValidSecret(secret)) {
    throw validationFailed("secret must be whsec_ followed by base64 of 24 to 64 bytes", [{ path: "secret", message: "invalid format" }]);
  }
  return secret;
}

export async function addSecret(db: DbTx, endpointId: string, secret: string): Promise<void> {
  await db.endpointSecret.create({ data: { id: newId("endpointSecret"), endpointId, encrypted: sealSecret(secret) } });
}

/** The secret new integrations should use: the newest one. */
export async function currentSecret(db: DbTx, endpointId: string): Promise<string> {
  const row = await db.endpointSecret.findFirst({ where: { endpointId, expiresAt: null }, orderBy: { createdAt: "desc" } });
  if (!row) throw new Error(`Endpoint ${endpointId} has no secret`);
  return openSecret(row.encrypted);
}

/** The current secret, and until when the previous one still signs (null when none does). */
export async function secretState(db: DbTx, endpointId: string, now = new Date()): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
  const graced = await db.endpointSecret.findFirst({ where: { endpointId, expiresAt: { gt: now } }, orderBy: { expiresAt: "desc" } });
  return { secret: await currentSecret(db, endpointId), previousSecretExpiresAt: graced?.expiresAt?.toISOString() ?? null };
}

/** Every secret that signs at `now`, newest first (the current one plus any in their grace period). */
export async function signingSecrets(db: DbTx, endpointId: string, now = new Date()): Promise<string[]> {
  const rows = await db.endpointSecret.findMany({
    where: { endpointId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => openSecret(r.encrypted));
}

/** Replaces the current secret; the old ones keep signing for `graceSeconds` (0 = stop now). */
export async function rotateSecret(db: DbTx, endpointId: string, graceSeconds: number, secret?: string): Promise<string> {
  const next = checkSecret(secret);
  const graceEnd = new Date(Date.now() + graceSeconds * 1000);
  await db.endpointSecret.updateMany({ where: { endpointId, expiresAt: null }, data: { expiresAt: graceEnd } });
  // A secret already in an earlier grace period never gets a longer one.
  await db.endpointSecret.updateMany({ where: { endpointId, expiresAt: { gt: graceEnd } }, data: { expiresAt: graceEnd } });
  await addSecret(db, endpointId, next);
  return next;
}

/**
 * Rotates an endpoint's secret in one transaction (a failure half way must not leave it without a
 * current secret) and answers once no request can be signed with the old set any more: with
 * `graceSeconds: 0`, nothing sent after this returns carries the old secret's signature.
 */
export async function rotateEndpointSecret(scope: TenantScope, endpointId: string, graceSeconds: number, secret?: string) {
  const state = await scope.db.$transaction(async (tx) => {
    await rotateSecret(tx, endpointId, graceSeconds, secret);
    return secretState(tx, endpointId);
  });
  await waitOutSendFence();
  return state;
}
