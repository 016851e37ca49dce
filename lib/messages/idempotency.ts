// Idempotent publishing: a message published with an idempotency key (the body's
// `idempotencyKey` or the Idempotency-Key header) is published once; the same key within
// IDEMPOTENCY_WINDOW_MS answers with the original message and creates nothing. After the window
// the key may be used again. A race between two publishes with one key is settled by the unique
// (tenantId, idempotencyKey) index: publish.ts answers the loser with the winner's message.
import type { DbTx } from "../db/client";
import type { TenantScope } from "../db/tenant-scope";
import { validationFailed } from "../errors";
import { messageCreateSchema } from "../schemas/messages";

/** The same idempotency key within this window returns the original message. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The key of a publish: the body's and the header's must agree when both are given (422 otherwise,
 * as for a header that is not a valid key). */
export function idempotencyKeyOf(bodyKey: string | undefined, headerKey: string | null): string | undefined {
  if (headerKey === null) return bodyKey;
  if (!messageCreateSchema.shape.idempotencyKey.safeParse(headerKey).success) {
    throw validationFailed("The Idempotency-Key header must be 1 to 200 characters, like idempotencyKey", [{ path: "Idempotency-Key", message: "1 to 200 characters" }]);
  }
  if (bodyKey && headerKey !== bodyKey) {
    throw validationFailed("Idempotency-Key header and idempotencyKey differ", [{ path: "idempotencyKey", message: "differs from the header" }]);
  }
  return bodyKey ?? headerKey;
}

/** The message published with `key` within the window, with its deliveries, or null. */
export async function findByIdempotencyKey(scope: TenantScope, key: string) {
  const message = await scope.db.message.findFirst({
    where: { idempotencyKey: key, createdAt: { gte: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
    include: { deliveries: true },
  });
  if (!message) return null;
  const { deliveries, ...rest } = message;
  return { message: rest, deliveries };
}

/** A key older than the window may be used again: the old message lets go of it (in the
 * transaction that writes the new one). */
export async function releaseExpiredKey(tx: DbTx, key: string): Promise<void> {
  await tx.message.updateMany({
    where: { idempotencyKey: key, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
    data: { idempotencyKey: null },
  });
}
