// Per-endpoint limits: rateLimitPerSecond is honoured, and one slow endpoint never delays others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { useLocalExecutor } from "../../helpers/engine";
import { db } from "../../../lib/db/client";

useLocalExecutor({ concurrency: 8, perEndpoint: 2 });

let admin: string;
const receivers: Receiver[] = [];
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
});
afterAll(() => Promise.all(receivers.map((r) => r.close())));

async function tenantWithEndpoint(name: string, extra: object = {}): Promise<{ tenant: TestTenant; receiver: Receiver }> {
  const tenant = await createTenantWithKey(admin, name);
  const receiver = await startReceiver();
  receivers.push(receiver);
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url, ...extra }, tenant.key);
  expect(res.status).toBe(201);
  return { tenant, receiver };
}

const publish = (t: TestTenant, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => post(`/api/v1/tenants/${t.id}/messages`, { eventType: "order.completed", payload: { i } }, t.key)));

describe("per-endpoint limits", () => {
  it("sends no faster than the endpoint's rateLimitPerSecond", async () => {
    const { tenant, receiver } = await tenantWithEndpoint("Rate limited", { rateLimitPerSecond: 5 });
    await publish(tenant, 12);
    const requests = await receiver.waitFor(12, 10_000);
    const span = requests[11].at - requests[0].at;
    // A full bucket lets 5 go at once; the other 7 follow at 5/s.
    expect(span).toBeGreaterThanOrEqual(1_100);
    const perWindow = requests.filter((r) => r.at - requests[0].at < 1_000).length;
    expect(perWindow).toBeLessThanOrEqual(10);
  });

  it("keeps delivering to other endpoints while one endpoint is slow", async () => {
    const slow = await tenantWithEndpoint("Slow");
    slow.receiver.respond(() => ({ status: 200, delayMs: 2_000 }));
    const fast = await tenantWithEndpoint("Fast");
    await publish(slow.tenant, 10);
    await slow.receiver.waitFor(2); // the slow endpoint holds its 2 slots
    const started = Date.now();
    await publish(fast.tenant, 10);
    await fast.receiver.waitFor(10, 5_000);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(slow.receiver.requests.length).toBeLessThanOrEqual(4); // still working through its backlog
  });

  it("finds an endpoint's deliveries behind another endpoint's backlog, however deep", async () => {
    // A slow endpoint with more due deliveries than a claim looks at (the oldest 512 at most),
    // all older than the fast endpoint's.
    const slow = await tenantWithEndpoint("Deep backlog");
    slow.receiver.respond(() => ({ status: 200, delayMs: 3_000 }));
    const [{ id: endpointId }] = await db().endpoint.findMany({ where: { tenantId: slow.tenant.id }, select: { id: true } });
    await db().$executeRaw`
      WITH m AS (
        INSERT INTO "Message" (id, "tenantId", "eventType", payload, "createdAt")
        SELECT 'msg_deep' || lpad(i::text, 22, '0'), ${slow.tenant.id}, 'order.completed', '{}', now() - interval '1 minute' + i * interval '1 ms'
        FROM generate_series(1, 1500) i
        RETURNING id, "createdAt"
      )
      INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", "nextAttemptAt", "updatedAt")
      SELECT 'dlv_deep' || substr(m.id, 9), ${slow.tenant.id}, m.id, ${endpointId}, 'order.completed', m."createdAt", now() FROM m`;
    await slow.receiver.waitFor(2); // the slow endpoint holds its 2 slots
    const fast = await tenantWithEndpoint("Behind the backlog");
    const started = Date.now();
    await publish(fast.tenant, 5);
    await fast.receiver.waitFor(5, 5_000);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(slow.receiver.requests.length).toBeLessThanOrEqual(4);
  });
});
