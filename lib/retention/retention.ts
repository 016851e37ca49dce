// Retention: messages older than their tenant's retention (Tenant.retentionDays, or
// HOOKYARD_RETENTION) are deleted with their deliveries, attempts and replay marks — in bounded
// batches, so the tables stay the same size under steady traffic (PostgreSQL's autovacuum reuses
// the space) and no statement holds locks for long. A message with a delivery still pending (a
// retry to come, a replay slot) is kept until it finishes.
//
// Any number of workers run the sweeper; each batch takes a transaction-level advisory lock, so
// one worker at a time deletes and the others skip their turn. Delivery statistics rollups
// (written when attempts are recorded) are not touched: they keep the history.
import { db } from "../db/client";
import { env } from "../env";
import { firstIdAt } from "../ids";

/** Messages deleted per statement (their deliveries and attempts go with them). */
export const RETENTION_BATCH = 500;
/** A sweep stops after this long and leaves the rest to the next one. */
const SWEEP_BUDGET_MS = 20_000;
/** pg_try_advisory_xact_lock key of the sweeper (any constant no other lock uses). */
const LOCK_KEY = 0x68796172645f7274n; // "hyard_rt"

const DAY_MS = 86_400_000;

/** The retention of a tenant: its own, or the default. */
export function retentionMs(retentionDays: number | null): number {
  return retentionDays === null ? env().HOOKYARD_RETENTION : retentionDays * DAY_MS;
}

export interface SweepResult {
  /** Messages deleted (with their deliveries and attempts). */
  messages: number;
  /** False when another worker held the lock (it is sweeping). */
  ran: boolean;
}

/** One batch: up to `limit` expired messages with nothing pending, oldest first, across tenants. */
async function sweepBatch(limit: number, now: Date): Promise<SweepResult> {
  const tenants = await db().tenant.findMany({ select: { id: true, retentionDays: true } });
  if (tenants.length === 0) return { messages: 0, ran: true };
  // Ids sort by time: "published before the cutoff" is an index range on (tenantId, id).
  const cutoffs = tenants.map((t) => new Date(now.getTime() - retentionMs(t.retentionDays)));
  const bounds = cutoffs.map((at) => firstIdAt("message", at.getTime()));
  const replayBounds = cutoffs.map((at) => firstIdAt("replay", at.getTime()));
  return db().$transaction(async (tx) => {
    const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`;
    if (!locked) return { messages: 0, ran: false };
    const deleted = await tx.$executeRaw`
      WITH bounds AS (
        SELECT * FROM unnest(${tenants.map((t) => t.id)}::text[], ${bounds}::text[]) AS b(tenant_id, bound)
      ), doomed AS (
        SELECT x.id FROM bounds b CROSS JOIN LATERAL (
          SELECT m.id FROM "Message" m
          WHERE m."tenantId" = b.tenant_id AND m.id < b.bound
            AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."messageId" = m.id AND d.status = 'pending')
          ORDER BY m.id
          LIMIT ${limit}
        ) x
        LIMIT ${limit}
      )
      DELETE FROM "Message" m USING doomed WHERE m.id = doomed.id`;
    // Finished replays of the same age go too (their marks went with the deliveries).
    await tx.$executeRaw`
      DELETE FROM "Replay" r USING unnest(${tenants.map((t) => t.id)}::text[], ${replayBounds}::text[]) AS b(tenant_id, bound)
      WHERE r."tenantId" = b.tenant_id AND r.id < b.bound AND r.status <> 'running'`;
    return { messages: deleted, ran: true };
  });
}

/** Deletes what has expired, batch after batch, until nothing is left or the budget is spent. */
export async function sweepRetention({ batch = RETENTION_BATCH, budgetMs = SWEEP_BUDGET_MS, now = () => new Date() } = {}): Promise<SweepResult> {
  const started = Date.now();
  let total = 0;
  for (;;) {
    const result = await sweepBatch(batch, now());
    total += result.messages;
    if (!result.ran) return { messages: total, ran: total > 0 };
    if (result.messages < batch || Date.now() - started > budgetMs) return { messages: total, ran: true };
  }
}
