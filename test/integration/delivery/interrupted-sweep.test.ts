// The sweep for attempts of holders that died mid-request (lib/delivery/lease.ts,
// sweepForInterrupted). A dead holder's claims keep their write-ahead mark and nothing claims past
// it, so the sweep must find them however deep they sit in the due backlog — and a round must not
// cost more as the backlog grows: every worker runs one every 5 s, and a round that read every due
// row took 86 ms behind 200,000 of them.
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { newId } from "../../../lib/ids";
import { INTERRUPTED_ERROR, sweepForInterrupted, sweepStatement, type SweepCursor } from "../../../lib/delivery/lease";
import { addUnreachableEndpoint, adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";

beforeAll(async () => createEventTypes(await adminKey(), "sweep.tested"));

/** `count` deliveries of one endpoint in `status`, the i-th due `count - i` seconds ago (so the
 * first is the oldest). Returns their ids, oldest first. */
async function insertDeliveries(count: number, status: "pending" | "canceled"): Promise<string[]> {
  const tenant = await createTenantWithKey(await adminKey(), `Sweep ${status}`);
  const endpoint = await addUnreachableEndpoint(tenant);
  const ids = Array.from({ length: count }, () => ({ m: newId("message"), d: newId("delivery") }));
  await db().$executeRaw`
    INSERT INTO "Message" (id, "tenantId", "eventType", payload, "payloadText")
    SELECT m, ${tenant.id}, 'sweep.tested', '{}'::jsonb, '{}' FROM unnest(${ids.map((i) => i.m)}::text[]) AS m`;
  await db().$executeRaw`
    INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "nextAttemptAt", "updatedAt")
    SELECT d, ${tenant.id}, m, ${endpoint.id}, 'sweep.tested', ${status}::"DeliveryStatus",
      CASE WHEN ${status} = 'pending' THEN now() - make_interval(secs => ${count} - n) END, now()
    FROM unnest(${ids.map((i) => i.d)}::text[], ${ids.map((i) => i.m)}::text[]) WITH ORDINALITY AS t(d, m, n)`;
  return ids.map((i) => i.d);
}

/** What a holder that died mid-request leaves: its write-ahead mark under a lease that ran out. */
async function markAsDeadHolders(ids: string[]): Promise<void> {
  await db().$executeRaw`
    UPDATE "Delivery" SET "leaseToken" = "leaseToken" + 1, "leaseHolder" = 'dead-worker',
      "sendingSince" = now() - interval '2 minutes', "leaseUntil" = now() - interval '1 minute'
    WHERE id = ANY (${ids}::text[])`;
}

async function interruptedAttempts(ids: string[]): Promise<string[]> {
  const rows = await db().$queryRaw<{ deliveryId: string }[]>`
    SELECT "deliveryId" FROM "Attempt" WHERE "deliveryId" = ANY (${ids}::text[]) AND "errorCategory" = 'interrupted' AND error = ${INTERRUPTED_ERROR}
    ORDER BY "deliveryId"`;
  return rows.map((r) => r.deliveryId);
}

it("finds a dead holder's attempts anywhere in the due backlog, a chunk at a time", async () => {
  const backlog = await insertDeliveries(2_500, "pending");
  const dead = [backlog[10], backlog[1_300], backlog[2_450]];
  await markAsDeadHolders(dead);

  const rounds: number[] = [];
  let from: SweepCursor = null;
  do {
    const round = await sweepForInterrupted("due", from, 1_000);
    rounds.push(round.reclaimed);
    from = round.next;
  } while (from !== null && rounds.length < 10);

  // One mark in each chunk of 1,000; the third round came to the end and starts over next time.
  expect(rounds).toEqual([1, 1, 1]);
  expect(await interruptedAttempts(dead)).toEqual([...dead].sort());
  const after = await db().$queryRaw<{ marked: number; due: number }[]>`
    SELECT count(*) FILTER (WHERE "sendingSince" IS NOT NULL)::int AS marked,
           count(*) FILTER (WHERE "nextAttemptAt" <= now() AND "attemptCount" = 1)::int AS due
    FROM "Delivery" WHERE id = ANY (${dead}::text[])`;
  expect(after[0]).toEqual({ marked: 0, due: 3 });
});

it("finds a mark among the oldest due rows in the next round, wherever the sweep has got to", async () => {
  const [oldest] = await insertDeliveries(1, "pending");
  await db().$executeRaw`UPDATE "Delivery" SET "nextAttemptAt" = now() - interval '1 day' WHERE id = ${oldest}`;
  await markAsDeadHolders([oldest]);
  // Past every due row: the chunk after it reads nothing.
  const round = await sweepForInterrupted("due", { at: new Date(Date.now() + 60_000), id: "dlv_" }, 1_000);
  expect(round).toEqual({ reclaimed: 1, next: null });
  expect(await interruptedAttempts([oldest])).toEqual([oldest]);
});

it("finds them among the canceled deliveries too (their endpoint was disabled mid-request)", async () => {
  const canceled = await insertDeliveries(30, "canceled");
  await markAsDeadHolders([canceled[20]]);
  const round = await sweepForInterrupted("canceled", null, 1_000);
  expect(round).toEqual({ reclaimed: 1, next: null });
  expect(await interruptedAttempts(canceled)).toEqual([canceled[20]]);
});

it("reads one chunk (and the oldest) a round, however many are due", async () => {
  await insertDeliveries(3_000, "pending");
  await db().$executeRaw`ANALYZE "Delivery"`;
  const chunk = 500;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // From the start, and from the middle (then the oldest too): rows before the cursor must be
  // skipped in the index, not read and dropped.
  const [middle] = await db().$queryRaw<{ id: string; at: Date }[]>`
    SELECT id, "nextAttemptAt" AS at FROM "Delivery" WHERE status = 'pending' ORDER BY "nextAttemptAt", id OFFSET 2000 LIMIT 1`;
  try {
    for (const from of [null, { at: middle.at, id: middle.id }]) {
      const statement = sweepStatement("due", from, chunk, chunk);
      const explained = await client.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, values: statement.values as unknown[] });
      const nodes = planNodes(explained.rows[0]["QUERY PLAN"][0].Plan);
      const scans = nodes.filter((n) => n["Relation Name"] === "Delivery");
      expect(scans.length).toBeGreaterThan(0);
      for (const n of scans) {
        const read = (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"];
        expect(read, `${n["Node Type"]} ${n["Index Name"] ?? ""}`).toBeLessThanOrEqual(chunk);
      }
    }
  } finally {
    await client.end();
  }
});

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(node: Record<string, any>): Record<string, any>[] {
  return [node, ...((node.Plans as Record<string, any>[] | undefined) ?? []).flatMap(planNodes)];
}
