// The worker's claims run many times a second. PostgreSQL must plan each claim statement once per
// connection and keep that plan: replanned on every run, a claim cost ~3 ms of PostgreSQL CPU,
// more than running it (db/client.ts, "Plans"). These claims go through keptPlanDb(), whose
// sessions keep generic plans. On db() the same statements get custom plans: the first five runs
// on each connection always, and under load every run (a generic plan costs their array
// parameters at 100 rows; 857 plans for 858 claims in the bench).
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { KEPT_PLAN_SETTINGS, db, keptPlanDb } from "../../../lib/db/client";
import { newId } from "../../../lib/ids";
import { claimDue, claimDueStatement } from "../../../lib/executors/local/claims";
import type { ClaimCaps } from "../../../lib/executors/local/fair-share";
import { addUnreachableEndpoint, adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";

const caps: ClaimCaps = {
  free: 128,
  reserve: 32,
  small: 8,
  perTenant: 32,
  endpointIds: ["ep_a", "ep_b"],
  endpointCaps: [4, 8],
  endpointRooms: [4, 8],
  otherEndpointCap: 64,
  tenantIds: ["t_a"],
  tenantRunning: [3],
};

it("runs the claim on one kept plan, not a new plan per run", async () => {
  // One at a time: the pool hands back the connection it just got back, so every claim and the
  // check below share one session (pg_prepared_statements is per session).
  for (let i = 0; i < 12; i++) await claimDue(caps, 100, true, `kept-plans-${i}`);
  const rows = await keptPlanDb().$queryRaw<{ generic: number; custom: number }[]>`
    SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
    FROM pg_prepared_statements WHERE name LIKE 'hy_claim_%'`;
  expect(rows[0]).toEqual({ generic: 12, custom: 0 });
  // That session has every setting the plan tests below apply by hand (jit among them).
  const names = Object.keys(KEPT_PLAN_SETTINGS);
  const settings = await keptPlanDb().$queryRaw<{ name: string; setting: string }[]>`
    SELECT name, setting FROM pg_settings WHERE name = ANY(${names}::text[])`;
  expect(Object.fromEntries(settings.map((s) => [s.name, s.setting]))).toEqual(KEPT_PLAN_SETTINGS);
});

/** A statement argument as PostgreSQL's text form (an array as `{"a","b"}`), for EXECUTE. */
function textOf(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  return `{${value.map((v) => (v === null ? "NULL" : `"${String(v).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(node: Record<string, any>): Record<string, any>[] {
  return [node, ...((node.Plans as Record<string, any>[] | undefined) ?? []).flatMap(planNodes)];
}

/** Inserts `count` deliveries of one endpoint (and their messages) in `status`, due a minute ago
 * while pending. */
async function insertDeliveries(tenantId: string, endpointId: string, count: number, status: "pending" | "succeeded") {
  const ids = Array.from({ length: count }, () => ({ m: newId("message"), d: newId("delivery") }));
  await db().$executeRaw`
    INSERT INTO "Message" (id, "tenantId", "eventType", payload, "payloadText")
    SELECT m, ${tenantId}, 'plan.tested', '{}'::jsonb, '{}' FROM unnest(${ids.map((i) => i.m)}::text[]) AS m`;
  await db().$executeRaw`
    INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "nextAttemptAt", "updatedAt")
    SELECT d, ${tenantId}, m, ${endpointId}, 'plan.tested', ${status}::"DeliveryStatus",
      CASE WHEN ${status} = 'pending' THEN now() - interval '1 minute' END, now()
    FROM unnest(${ids.map((i) => i.d)}::text[], ${ids.map((i) => i.m)}::text[]) AS t(d, m)`;
}

beforeAll(async () => createEventTypes(await adminKey(), "plan.tested"));

// A kept plan is made once, from the statistics of its day, and remade only when they change (an
// ANALYZE). Made while little was due, the claim read every due row: to find the oldest (a bitmap
// scan and a sort; with statistics of a few due, a sequential scan and a sort; with a few hundred
// due among thousands delivered, a walk of the whole pending index by endpoint and a sort: the
// bench's claims while a paused endpoint's backlog grew, 800 → 5,000 rows each; see
// KEPT_PLAN_SETTINGS in db/client.ts and migration 20261201120000_delivery_pending_due_index),
// and to lock the chosen ones (their ids intersected with an index scan of every due row:
// lease.ts, stillClaimable).
it.each([
  { statistics: "nothing due", due: 0, done: 0 },
  { statistics: "a few due and nothing else", due: 100, done: 0 },
  { statistics: "a few hundred due among thousands delivered", due: 300, done: 3_000 },
])("reads about what it takes, however many are due, with a kept plan made from statistics of $statistics", async ({ due, done }) => {
  const tenant = await createTenantWithKey(await adminKey(), "Kept plan backlog");
  const endpoint = await addUnreachableEndpoint(tenant);
  await insertDeliveries(tenant.id, endpoint.id, done, "succeeded");
  await insertDeliveries(tenant.id, endpoint.id, due, "pending");
  await db().$executeRaw`ANALYZE "Delivery"`;
  await insertDeliveries(tenant.id, endpoint.id, 3_000, "pending");

  // The largest window (a claim for 200 rows looks at the 512 oldest): a window larger than the
  // due rows the statistics know of is what made the planner expect to read them all anyway.
  const limit = 10;
  const window = 512;
  const claim = claimDueStatement({ ...caps, endpointIds: [endpoint.id], endpointCaps: [limit], endpointRooms: [limit], tenantIds: [], tenantRunning: [] }, limit, window, "kept-plan-backlog");
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The session as keptPlanDb()'s connections have it.
    for (const [name, value] of Object.entries(KEPT_PLAN_SETTINGS)) await client.query(`SET LOCAL ${name} = ${value}`);
    await client.query(`PREPARE backlog_claim AS ${claim.text}`);
    const args = claim.values.map((v) => (typeof v === "number" ? String(v) : client.escapeLiteral(textOf(v))));
    const explained = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE backlog_claim(${args.join(", ")})`);
    const plan = explained.rows[0]["QUERY PLAN"][0];
    // Before PostgreSQL 18 the disabled scans and sorts cost the plan 10^10, past JIT's
    // thresholds: where the server has JIT (Debian's 15), each run compiled 170 functions, 1.2–3 s.
    expect(plan.JIT, "the claim was JIT-compiled").toBeUndefined();
    const nodes = planNodes(plan.Plan);
    const claimed = nodes.find((n) => n["Node Type"] === "ModifyTable" && n["Relation Name"] === "Delivery");
    expect(claimed?.["Actual Rows"]).toBe(limit);
    // What each scan of Delivery read (the rows it returned and those its filter dropped): the
    // window of the oldest due rows, the endpoint's oldest `limit`, then the chosen rows by id.
    const deliveryScans = nodes.filter((n) => n["Relation Name"] === "Delivery" || String(n["Index Name"] ?? "").startsWith("Delivery"));
    const rowsRead = (n: Record<string, any>) =>
      (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"];
    const read = deliveryScans.map((n) => `${n["Node Type"]} ${n["Index Name"] ?? ""}: ${rowsRead(n)}`);
    expect(read.filter((line) => Number(line.split(": ")[1]) > window)).toEqual([]);
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
    await db().$executeRaw`DELETE FROM "Message" WHERE "tenantId" = ${tenant.id}`;
  }
});
