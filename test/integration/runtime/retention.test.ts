// Retention: expired messages go with their deliveries and attempts, per tenant, in bounded
// batches, one worker at a time, never while a delivery is pending — and under steady traffic the
// tables stop growing.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { newIdAt } from "../../../lib/ids";
import { sweepRetention } from "../../../lib/retention/retention";
import { get, patch, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

const DAY = 86_400_000;
let admin: string;
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.shipped");
});

async function tenantWithEndpoint(name: string, retentionDays?: number) {
  const tenant = await createTenantWithKey(admin, name);
  if (retentionDays !== undefined) expect((await patch(`/api/v1/tenants/${tenant.id}`, { retentionDays }, admin)).status).toBe(200);
  const endpoint = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: "https://example.com/hook" }, tenant.key);
  return { tenant, endpointId: endpoint.body.id as string };
}

/** `count` messages published at `at` (ids of that time), each with a delivery in `status` and,
 * unless pending, one attempt — what steady traffic leaves behind. */
async function history(tenant: TestTenant, endpointId: string, at: Date, count: number, status: "succeeded" | "pending" = "succeeded") {
  const ids = Array.from({ length: count }, () => ({ m: newIdAt("message", at), d: newIdAt("delivery", at), a: newIdAt("attempt", at) }));
  const payload = JSON.stringify({ orderId: "o_123", lines: Array.from({ length: 5 }, (_, i) => ({ sku: `sku-${i}`, qty: i })) });
  await db().$executeRaw`
    INSERT INTO "Message" (id, "tenantId", "eventType", payload, "payloadText", "createdAt")
    SELECT m, ${tenant.id}, 'order.shipped', ${payload}::jsonb, ${payload}, ${at} FROM unnest(${ids.map((i) => i.m)}::text[]) AS m`;
  await db().$executeRaw`
    INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "attemptCount", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT d, ${tenant.id}, m, ${endpointId}, 'order.shipped', ${status}::"DeliveryStatus", ${status === "pending" ? 0 : 1},
      ${status === "pending" ? at : null}, ${at}, ${at}
    FROM unnest(${ids.map((i) => i.d)}::text[], ${ids.map((i) => i.m)}::text[]) AS t(d, m)`;
  if (status !== "pending") {
    await db().$executeRaw`
      INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders", "responseStatus", "responseBody", "durationMs", succeeded, "startedAt")
      SELECT a, d, ${tenant.id}, ${endpointId}, 1, 'scheduled', 'https://example.com/hook', '{"content-type":"application/json"}'::jsonb, 200, 'ok', 12, true, ${at}
      FROM unnest(${ids.map((i) => i.a)}::text[], ${ids.map((i) => i.d)}::text[]) AS t(a, d)`;
  }
  return ids.map((i) => i.m);
}

const counts = async (tenantId: string) => ({
  messages: await db().message.count({ where: { tenantId } }),
  deliveries: await db().delivery.count({ where: { tenantId } }),
  attempts: await db().attempt.count({ where: { tenantId } }),
});

describe("retention", () => {
  it("deletes messages older than the tenant's retention (its own, or the default 30 days) with their deliveries and attempts", async () => {
    const standard = await tenantWithEndpoint("Default retention");
    const short = await tenantWithEndpoint("Two days", 2);
    const now = Date.now();
    for (const t of [standard, short]) {
      await history(t.tenant, t.endpointId, new Date(now - 40 * DAY), 3);
      await history(t.tenant, t.endpointId, new Date(now - 3 * DAY), 4);
      await history(t.tenant, t.endpointId, new Date(now - DAY), 5);
    }
    const { messages } = await sweepRetention();
    expect(messages).toBe(3 + 3 + 4);
    expect(await counts(standard.tenant.id)).toEqual({ messages: 9, deliveries: 9, attempts: 9 });
    expect(await counts(short.tenant.id)).toEqual({ messages: 5, deliveries: 5, attempts: 5 });
    // The API says what applies.
    expect((await get(`/api/v1/tenants/${short.tenant.id}`, short.tenant.key)).body).toMatchObject({ retentionDays: 2, retentionSeconds: 2 * 86_400 });
    expect((await get(`/api/v1/tenants/${standard.tenant.id}`, standard.tenant.key)).body).toMatchObject({ retentionDays: null, retentionSeconds: 30 * 86_400 });
  });

  it("keeps an expired message while a delivery of it is pending, and deletes it once that finishes", async () => {
    const { tenant, endpointId } = await tenantWithEndpoint("Pending kept", 1);
    const [kept] = await history(tenant, endpointId, new Date(Date.now() - 5 * DAY), 1, "pending");
    await history(tenant, endpointId, new Date(Date.now() - 5 * DAY), 2);
    expect((await sweepRetention()).messages).toBe(2);
    expect(await db().message.findUnique({ where: { id: kept } })).not.toBeNull();
    await db().delivery.updateMany({ where: { messageId: kept }, data: { status: "succeeded", nextAttemptAt: null } });
    expect((await sweepRetention()).messages).toBe(1);
    expect(await counts(tenant.id)).toEqual({ messages: 0, deliveries: 0, attempts: 0 });
  });

  it("deletes in bounded batches, and one worker at a time", async () => {
    const { tenant, endpointId } = await tenantWithEndpoint("Batches", 1);
    await history(tenant, endpointId, new Date(Date.now() - 3 * DAY), 350);
    // A sweep with no time left stops after its first batch.
    expect((await sweepRetention({ batch: 100, budgetMs: -1 })).messages).toBe(100);
    expect((await counts(tenant.id)).messages).toBe(250);
    // Another worker holds the sweeper's lock: this one deletes nothing and says so.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock($1::bigint)", [0x68796172645f7274n.toString()]);
      expect(await sweepRetention({ batch: 100 })).toEqual({ messages: 0, ran: false });
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
    expect((await sweepRetention({ batch: 100 })).messages).toBe(250);
  });

  it("under steady traffic the tables stop growing: what a day adds, the sweep takes away", async () => {
    const { tenant, endpointId } = await tenantWithEndpoint("Steady", 3);
    const start = Date.now() - 30 * DAY;
    const size = async () => {
      // What autovacuum does in a running system: makes the deleted rows' space reusable.
      await db().$executeRawUnsafe(`VACUUM "Message", "Delivery", "Attempt"`);
      const [row] = await db().$queryRaw<{ bytes: bigint }[]>`
        SELECT sum(pg_total_relation_size(c))::bigint AS bytes FROM unnest(ARRAY['"Message"', '"Delivery"', '"Attempt"']::regclass[]) AS c`;
      return Number(row.bytes);
    };
    const sizes: number[] = [];
    const rows: number[] = [];
    for (let day = 0; day < 10; day++) {
      const at = new Date(start + day * DAY);
      await history(tenant, endpointId, at, 400);
      await sweepRetention({ now: () => new Date(at.getTime() + 1000) });
      rows.push((await counts(tenant.id)).messages);
      sizes.push(await size());
    }
    // Three days kept (today's and the two before): 3 × 400 rows from day 2 on.
    expect(rows).toEqual([400, 800, 1200, 1200, 1200, 1200, 1200, 1200, 1200, 1200]);
    const plateau = sizes.slice(5);
    console.log(`retention steady state: table bytes per simulated day ${sizes.join(", ")}`);
    expect(Math.max(...plateau)).toBeLessThanOrEqual(sizes[4] * 1.1);
  });
});
