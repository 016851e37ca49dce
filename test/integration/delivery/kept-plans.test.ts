// The worker's claims run many times a second. PostgreSQL must plan each claim statement once per
// connection and keep that plan: replanned on every run, a claim cost ~3 ms of PostgreSQL CPU,
// more than running it (db/client.ts, "Plans"). These claims go through keptPlanDb(), whose
// sessions keep generic plans. On db() the same statements get custom plans: the first five runs
// on each connection always, and under load every run (a generic plan costs their array
// parameters at 100 rows; 857 plans for 858 claims in the bench).
import pg from "pg";
import { expect, it } from "vitest";
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

it("reads about what it takes, however many are due and whatever the kept plan expected", async () => {
  // A kept plan is made once, from the statistics of its day. Made while little was due, the
  // claim read every due row twice: to find the oldest (a bitmap scan and a sort: db/client.ts,
  // KEPT_PLAN_SETTINGS), and to lock the chosen ones (their ids intersected with an index scan of
  // every due row: lease.ts, stillClaimable).
  const admin = await adminKey();
  await createEventTypes(admin, "plan.tested");
  const tenant = await createTenantWithKey(admin, "Kept plan backlog");
  const endpoint = await addUnreachableEndpoint(tenant);
  await db().$executeRaw`ANALYZE "Delivery"`;
  const backlog = 3_000;
  const ids = Array.from({ length: backlog }, () => ({ m: newId("message"), d: newId("delivery") }));
  await db().$executeRaw`
    INSERT INTO "Message" (id, "tenantId", "eventType", payload, "payloadText")
    SELECT m, ${tenant.id}, 'plan.tested', '{}'::jsonb, '{}' FROM unnest(${ids.map((i) => i.m)}::text[]) AS m`;
  await db().$executeRaw`
    INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "nextAttemptAt", "updatedAt")
    SELECT d, ${tenant.id}, m, ${endpoint.id}, 'plan.tested', 'pending', now() - interval '1 minute', now()
    FROM unnest(${ids.map((i) => i.d)}::text[], ${ids.map((i) => i.m)}::text[]) AS t(d, m)`;

  const limit = 10;
  const claim = claimDueStatement({ ...caps, endpointIds: [endpoint.id], endpointCaps: [limit], endpointRooms: [limit], tenantIds: [], tenantRunning: [] }, limit, 64, "kept-plan-backlog");
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The session as keptPlanDb()'s connections have it.
    for (const [name, value] of Object.entries(KEPT_PLAN_SETTINGS)) await client.query(`SET LOCAL ${name} = ${value}`);
    await client.query(`PREPARE backlog_claim AS ${claim.text}`);
    const args = claim.values.map((v) => (typeof v === "number" ? String(v) : client.escapeLiteral(textOf(v))));
    const explained = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE backlog_claim(${args.join(", ")})`);
    const nodes = planNodes(explained.rows[0]["QUERY PLAN"][0].Plan);
    const claimed = nodes.find((n) => n["Node Type"] === "ModifyTable" && n["Relation Name"] === "Delivery");
    expect(claimed?.["Actual Rows"]).toBe(limit);
    // What each scan of Delivery read (the rows it returned and those its filter dropped): the
    // window of the oldest due rows (64), the endpoint's oldest `limit`, then the chosen rows by id.
    const deliveryScans = nodes.filter((n) => n["Relation Name"] === "Delivery" || String(n["Index Name"] ?? "").startsWith("Delivery"));
    const rowsRead = (n: Record<string, any>) =>
      (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"];
    const read = deliveryScans.map((n) => `${n["Node Type"]} ${n["Index Name"] ?? ""}: ${rowsRead(n)}`);
    expect(read.filter((line) => Number(line.split(": ")[1]) > 10 * limit)).toEqual([]);
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
    await db().$executeRaw`DELETE FROM "Message" WHERE "tenantId" = ${tenant.id}`;
  }
});
