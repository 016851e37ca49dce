// A published message becomes one delivery.scheduled event per pending delivery, sent in
// batches. The event ids come from the delivery ids, so a replayed fan-out (or a repeated
// message.published) does not start a second run for the same delivery.
import { db } from "../../../db/client";
import { inngest, messagePublished } from "../client";
import { SEND_BATCH, scheduledEvent, type SchedulableDelivery } from "../scheduling";

type Page = (SchedulableDelivery & { attemptCount: number })[];

/** A page of the message's pending deliveries, by id. */
export async function pendingDeliveriesPage(messageId: string, after: string | null, limit = SEND_BATCH): Promise<Page> {
  const rows = await db().delivery.findMany({
    where: { messageId, status: "pending", ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, tenantId: true, endpointId: true, attemptCount: true, endpoint: { select: { rateLimitPerSecond: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenantId,
    endpointId: r.endpointId,
    attemptCount: r.attemptCount,
    rateLimitPerSecond: r.endpoint.rateLimitPerSecond,
  }));
}

export function fanOutEventId(d: { id: string; attemptCount: number }): string {
  return `deliver-${d.id}-${d.attemptCount}`;
}

export const fanOutFunction = inngest.createFunction(
  { id: "fan-out", name: "Fan out a published message", triggers: [messagePublished], retries: 5 },
  async ({ event, step }) => {
    const { messageId } = event.data;
    let after: string | null = null;
    let scheduled = 0;
    for (let page = 1; ; page++) {
      const from: string | null = after;
      const deliveries: Page = await step.run(`load-deliveries-${page}`, () => pendingDeliveriesPage(messageId, from));
      if (deliveries.length > 0) {
        await step.sendEvent(`schedule-deliveries-${page}`, deliveries.map((d) => scheduledEvent(d, fanOutEventId(d))));
        scheduled += deliveries.length;
      }
      if (deliveries.length < SEND_BATCH) break;
      after = deliveries[deliveries.length - 1].id;
    }
    return { messageId, scheduled };
  },
);
