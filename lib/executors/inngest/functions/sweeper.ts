// Every minute: pending deliveries overdue by more than two minutes that nobody holds get their
// delivery.scheduled event again. The database is the source of truth; this is what makes sure
// no lost event, failed run or unreachable Inngest at publish time can lose a delivery.
import { cron } from "inngest";
import { db } from "../../../db/client";
import { claimable, interruptedMark } from "../../../delivery/lease";
import { inngest } from "../client";
import { SEND_BATCH, chunk, scheduledEvent, type SchedulableDelivery } from "../scheduling";

export const OVERDUE_AFTER_MS = 2 * 60_000;
/** A delivery stuck in the same state is re-sent at most once per this period: the event id
 * carries the period's number, and Inngest drops a repeated id. This keeps a long throttle
 * backlog (runs queued, not lost) from being flooded with duplicates every minute. */
export const RESEND_EVERY_MS = 60 * 60_000;
export const MAX_PER_SWEEP = 10 * SEND_BATCH;

type Overdue = SchedulableDelivery & { eventId: string };

export async function overdueDeliveries(limit = MAX_PER_SWEEP): Promise<Overdue[]> {
  const rows = await db().$queryRaw<{ id: string; tenantId: string; endpointId: string; rateLimitPerSecond: number | null; attemptCount: number; overdueMs: number }[]>`
    SELECT d.id, d."tenantId", d."endpointId", e."rateLimitPerSecond", d."attemptCount",
      (EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC' - d."nextAttemptAt")) * 1000)::float8 AS "overdueMs"
    FROM "Delivery" d JOIN "Endpoint" e ON e.id = d."endpointId"
    WHERE d."nextAttemptAt" < now() AT TIME ZONE 'UTC' - make_interval(secs => ${OVERDUE_AFTER_MS / 1000})
      AND (${claimable("d")} OR ${interruptedMark("d")})
    ORDER BY d."nextAttemptAt"
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenantId,
    endpointId: r.endpointId,
    rateLimitPerSecond: r.rateLimitPerSecond,
    eventId: `sweep-${r.id}-${r.attemptCount}-${Math.floor(r.overdueMs / RESEND_EVERY_MS)}`,
  }));
}

export const sweeperFunction = inngest.createFunction(
  { id: "sweep-overdue-deliveries", name: "Re-send overdue deliveries", triggers: [cron("* * * * *")], concurrency: 1 },
  async ({ step }) => {
    const overdue = await step.run("find-overdue", () => overdueDeliveries());
    const batches = chunk(overdue);
    for (let i = 0; i < batches.length; i++) {
      await step.sendEvent(`reschedule-${i + 1}`, batches[i].map((d) => scheduledEvent(d, d.eventId)));
    }
    return { rescheduled: overdue.length };
  },
);
