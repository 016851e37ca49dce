// Everything one attempt needs, loaded for a batch of deliveries in a few queries: the delivery,
// its endpoint with the secrets that sign now, and its message.
import { Prisma, type Delivery, type Endpoint, type Message } from "../db/generated/client";
import { db } from "../db/client";
import { openSecret } from "../crypto/secret-box";

export interface DeliveryContext {
  delivery: Delivery;
  endpoint: Endpoint;
  message: Message;
  /** Newest first; more than one while an old secret is in its rotation grace period. */
  secrets: string[];
}

export async function loadDeliveryContexts(ids: string[], now = new Date()): Promise<Map<string, DeliveryContext>> {
  if (ids.length === 0) return new Map();
  const rows = await db().delivery.findMany({
    where: { id: { in: ids } },
    include: {
      message: true,
      endpoint: {
        include: {
          secrets: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, orderBy: { createdAt: "desc" } },
        },
      },
    },
  });
  const decrypted = new Map<string, string[]>();
  const contexts = new Map<string, DeliveryContext>();
  for (const { message, endpoint, ...delivery } of rows) {
    const { secrets, ...endpointRow } = endpoint;
    let plain = decrypted.get(endpoint.id);
    if (!plain) {
      plain = secrets.map((s) => openSecret(s.encrypted));
      decrypted.set(endpoint.id, plain);
    }
    contexts.set(delivery.id, { delivery, endpoint: endpointRow, message, secrets: plain });
  }
  return contexts;
}

/** Releases claims without an attempt (e.g. over an endpoint's rate limit), optionally later. */
export async function releaseClaims(ids: string[], retryAt?: Date): Promise<void> {
  if (ids.length === 0) return;
  await db().$executeRaw`
    UPDATE "Delivery" SET "leaseUntil" = NULL,
      "nextAttemptAt" = COALESCE(${retryAt ?? null}::timestamp, "nextAttemptAt")
    WHERE id IN (${Prisma.join(ids)})`;
}
