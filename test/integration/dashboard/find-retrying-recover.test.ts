// The deliveries list's "retrying" filter and payload search, and recovery's dry run, against a
// real local executor and a real receiver that refuses connections.
import { beforeAll, describe, expect, it } from "vitest";
import { get, post } from "../../helpers/api";
import { useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { freePort } from "../../e2e/helpers/server";
import { startReceiver } from "../../helpers/receiver";

// One immediate attempt, then the next an hour later: a failed first attempt leaves it retrying.
useLocalExecutor({ schedule: "0s,1h" });

let a: TestTenant;
let b: TestTenant;
let refused: string;

beforeAll(async () => {
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  a = await createTenantWithKey(admin, "Find A");
  b = await createTenantWithKey(admin, "Find B");
  refused = `http://127.0.0.1:${await freePort()}/hooks`; // nothing listens there
});

const list = (t: TestTenant, query: string) => get(`/api/v1/tenants/${t.id}/deliveries?${query}`, t.key);
const publish = (t: TestTenant, payload: unknown) => post(`/api/v1/tenants/${t.id}/messages`, { eventType: "order.completed", payload }, t.key);

describe("finding deliveries", () => {
  it("filters retrying deliveries (pending after a failed attempt) apart from pending ones", async () => {
    const endpoint = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: refused }, a.key)).body;
    const msg = (await publish(a, { orderId: "ord_retry" })).body;
    const deliveryId = (await list(a, `messageId=${msg.id}`)).body.data[0].id;
    const retrying = await waitForDelivery(a.id, deliveryId, a.key, (d) => d.attemptCount === 1);
    expect(retrying).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(Date.parse(retrying.nextAttemptAt) - Date.now()).toBeGreaterThan(30 * 60_000);
    expect((await list(a, "status=retrying")).body.data.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
    expect((await list(a, `status=retrying&endpointId=${endpoint.id}`)).body.data).toHaveLength(1);
    expect((await list(a, "status=bogus")).status).toBe(422);
  });

  it("finds deliveries by a value anywhere in the payload, as a string or a number, within the tenant only", async () => {
    await post(`/api/v1/tenants/${b.id}/endpoints`, { url: refused }, b.key);
    const nested = (await publish(a, { order: { id: "ord_7731", lines: [{ sku: "sku_9" }] }, total: 4200 })).body;
    await publish(a, { orderId: "ord_other" });
    await publish(b, { orderId: "ord_7731" }); // another tenant's message holding the same value
    const byString = await list(a, "payload=ord_7731");
    expect(byString.status).toBe(200);
    expect(byString.body.data.map((d: { messageId: string }) => d.messageId)).toEqual([nested.id]);
    expect((await list(a, "payload=sku_9")).body.data.map((d: { messageId: string }) => d.messageId)).toEqual([nested.id]);
    expect((await list(a, "payload=4200")).body.data.map((d: { messageId: string }) => d.messageId)).toEqual([nested.id]);
    expect((await list(a, "payload=ord_77")).body.data).toEqual([]); // equal, not a substring
    expect((await list(a, `payload=ord_7731&messageId=${nested.id}`)).body.data).toHaveLength(1);
    expect((await list(a, "payload=" + "x".repeat(201))).status).toBe(422);
    // Quotes and jsonpath syntax are values, not a query.
    expect((await list(a, `payload=${encodeURIComponent('") || true || ("')}`)).body.data).toEqual([]);
  });
});

describe("recover with a preview", () => {
  it("counts the failed deliveries a recovery would re-send, changing nothing, then re-sends exactly those", async () => {
    const receiver = await startReceiver();
    try {
      // Down, and saying so for good: each delivery fails at its first attempt.
      receiver.respond(() => ({ status: 500, headers: { "webhook-delivery": "abort" } }));
      const endpoint = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: receiver.url, eventTypes: ["order.completed"] }, a.key)).body;
      const since = new Date(Date.now() - 60_000).toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const msg = (await publish(a, { orderId: `ord_down_${i}` })).body;
        ids.push((await list(a, `messageId=${msg.id}&endpointId=${endpoint.id}`)).body.data[0].id);
      }
      for (const id of ids) await waitForDelivery(a.id, id, a.key, (d) => d.status === "failed");
      const recover = (body: unknown) => post(`/api/v1/tenants/${a.id}/endpoints/${endpoint.id}/recover`, body, a.key);

      const preview = await recover({ since, dryRun: true });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({ requeued: 0, dryRun: true, wouldRequeue: 3 });
      for (const id of ids) expect((await get(`/api/v1/tenants/${a.id}/deliveries/${id}`, a.key)).body).toMatchObject({ status: "failed", attemptCount: 1 });
      expect((await recover({ since: new Date().toISOString(), dryRun: true })).body.wouldRequeue).toBe(0);
      expect((await recover({ since, dryRun: "yes" })).status).toBe(422);

      receiver.respond(() => ({ status: 200 }));
      const done = await recover({ since });
      expect(done.status).toBe(202);
      expect(done.body).toEqual({ requeued: 3 });
      for (const id of ids) expect(await waitForDelivery(a.id, id, a.key, (d) => d.status !== "pending")).toMatchObject({ status: "succeeded", attemptCount: 2 });
    } finally {
      await receiver.close();
    }
  });
});
