// The rollups fed by the real recorder: the local executor delivers to a real receiver that fails
// a third of the requests, records the attempts in its batches, and the stats the API answers
// equal what the Attempt rows say.
import { afterAll, beforeAll, expect, it } from "vitest";
import { get, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { useLocalExecutor } from "../../helpers/engine";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { db } from "../../../lib/db/client";

useLocalExecutor({ schedule: "0s,100ms,100ms", concurrency: 32, perEndpoint: 8 });

let admin: string;
let tenant: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  tenant = await createTenantWithKey(admin, "Rollups engine");
  receiver = await startReceiver();
  // Every third request fails: some deliveries succeed at once, some on a retry, some never.
  receiver.respond((_req, i) => ({ status: i % 3 === 1 ? 500 : 200 }));
});
afterAll(() => receiver.close());

it("counts every recorded attempt once, per endpoint and overall", async () => {
  const endpoints: string[] = [];
  for (const path of ["one", "two"]) {
    const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: `${receiver.url}/${path}` }, tenant.key);
    endpoints.push(res.body.id);
  }
  await Promise.all(
    Array.from({ length: 60 }, (_, i) => post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload: { i } }, tenant.key)),
  );
  // 120 deliveries; wait until none is pending.
  const deadline = Date.now() + 30_000;
  while ((await db().delivery.count({ where: { tenantId: tenant.id, status: "pending" } })) > 0) {
    if (Date.now() > deadline) throw new Error("deliveries did not finish");
    await new Promise((r) => setTimeout(r, 100));
  }
  const attempts = await db().attempt.findMany({ where: { tenantId: tenant.id } });
  expect(attempts.length).toBe(receiver.requests.length);
  expect(attempts.some((a) => !a.succeeded) && attempts.some((a) => a.number > 1)).toBe(true);

  const res = await get(`/api/v1/tenants/${tenant.id}/endpoints/stats`, tenant.key);
  for (const id of endpoints) {
    const own = attempts.filter((a) => a.endpointId === id);
    const lastAt = Math.max(...own.map((a) => a.startedAt.getTime()));
    // Two attempts may start in the same millisecond: either one is "the latest".
    const lastOutcomes = own.filter((a) => a.startedAt.getTime() === lastAt).map((a) => a.succeeded);
    const stats = res.body.data.find((s: { endpointId: string }) => s.endpointId === id);
    expect(lastOutcomes).toContain(stats.lastSucceeded);
    expect(stats).toEqual({
      endpointId: id,
      attempts: own.length,
      succeeded: own.filter((a) => a.succeeded).length,
      failed: own.filter((a) => !a.succeeded).length,
      deliveries: 60,
      successRate: own.filter((a) => a.succeeded).length / own.length,
      lastAttemptAt: new Date(lastAt).toISOString(),
      lastSucceeded: stats.lastSucceeded,
      deliveryOutcomes: stats.deliveryOutcomes,
      deliverySuccessRate: stats.deliverySuccessRate,
    });
    // Every delivery has finished here: the outcomes add up to the deliveries.
    expect(Object.values(stats.deliveryOutcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(60);
  }
  const overview = await get("/api/v1/stats/overview?minutes=60", admin);
  expect(overview.body.totals).toEqual({
    attempts: attempts.length,
    succeeded: attempts.filter((a) => a.succeeded).length,
    failed: attempts.filter((a) => !a.succeeded).length,
  });
});
