// The delivery engine end to end: publish through the API, the local executor sends real signed
// HTTP requests to a real receiver, and the API shows every attempt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { get, patch, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";

useLocalExecutor({ schedule: "0s,300ms,300ms" });

let admin: string;
let tenant: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  receiver = await startReceiver();
});
// Each test has its own tenant, so its messages reach only its own endpoints.
beforeEach(async (ctx) => {
  tenant = await createTenantWithKey(admin, ctx.task.name.slice(0, 100));
});
afterAll(() => receiver.close());

async function endpoint(url: string, extra: object = {}) {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url, ...extra }, tenant.key);
  expect(res.status).toBe(201);
  const secret = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${res.body.id}/secret`, tenant.key)).body.secret;
  return { id: res.body.id as string, secret: secret as string };
}

async function publish(payload: object) {
  const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload }, tenant.key);
  expect(res.status).toBe(202);
  return res.body.id as string;
}

/** Each test gets its own receiver path, so requests are easy to tell apart. */
function pathOf(name: string) {
  return receiver.url.replace("/hook", `/${name}`);
}
const requestsTo = (name: string) => receiver.requests.filter((r) => r.path === `/${name}`);

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("delivery", () => {
  it("sends a Standard Webhooks request that a standard library verifies", async () => {
    const ep = await endpoint(pathOf("signed"), { headers: { "x-team": "billing" } });
    const messageId = await publish({ orderId: 1 });
    await until(() => requestsTo("signed").length === 1);
    const [req] = requestsTo("signed");
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["webhook-id"]).toBe(messageId);
    expect(req.headers["x-team"]).toBe("billing");
    const verified = new Webhook(ep.secret).verify(req.body, req.headers) as { type: string; data: unknown; timestamp: string };
    expect(verified).toMatchObject({ type: "order.completed", data: { orderId: 1 } });
    expect(new Date(verified.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(() => new Webhook(ep.secret).verify(req.body.replace("1", "2"), req.headers)).toThrow();

    const deliveryId = await deliveryOf(tenant.id, messageId, tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ number: 1, trigger: "scheduled", responseStatus: 200, succeeded: true, error: null });
    expect(delivery.attempts[0].requestBody).toBe(req.body);
    expect(delivery.attempts[0].requestHeaders["webhook-signature"]).toBe(req.headers["webhook-signature"]);
  });

  it("retries a failing endpoint with the same webhook-id until it succeeds", async () => {
    await endpoint(pathOf("flaky"));
    receiver.respond((req) => (req.path === "/flaky" && requestsTo("flaky").length <= 2 ? { status: 500, body: "boom" } : { status: 200 }));
    const messageId = await publish({ orderId: 2 });
    const deliveryId = await deliveryOf(tenant.id, messageId, tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    receiver.respond(() => ({ status: 200 }));
    expect(delivery.attempts.map((a: any) => a.responseStatus)).toEqual([500, 500, 200]);
    expect(delivery.attempts[0]).toMatchObject({ errorCategory: "http_status", responseBody: "boom", succeeded: false });
    expect(new Set(requestsTo("flaky").map((r) => r.headers["webhook-id"]))).toEqual(new Set([messageId]));
    const gaps = requestsTo("flaky").slice(1).map((r, i) => r.at - requestsTo("flaky")[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200); // 300 ms ± 20 % jitter
  });

  it("marks the delivery failed after the last scheduled attempt", async () => {
    await endpoint(pathOf("down"));
    receiver.respond((req) => (req.path === "/down" ? { status: 503 } : { status: 200 }));
    const deliveryId = await deliveryOf(tenant.id, await publish({ orderId: 3 }), tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "failed");
    receiver.respond(() => ({ status: 200 }));
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery).toMatchObject({ attemptCount: 3, lastResponseStatus: 503, nextAttemptAt: null });
    await new Promise((r) => setTimeout(r, 700));
    expect(requestsTo("down")).toHaveLength(3);
  });

  it("records a refused connection with its category and no response", async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    await endpoint(url);
    const deliveryId = await deliveryOf(tenant.id, await publish({ orderId: 4 }), tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "failed");
    expect(delivery.attempts[0]).toMatchObject({ responseStatus: null, errorCategory: "connection_refused", succeeded: false });
    expect(delivery.attempts[0].error).toBeTruthy();
    expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it("redelivers a succeeded delivery on manual retry, as a manual attempt", async () => {
    await endpoint(pathOf("redeliver"));
    const messageId = await publish({ orderId: 5 });
    const deliveryId = await deliveryOf(tenant.id, messageId, tenant.key);
    await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    const retry = await post(`/api/v1/tenants/${tenant.id}/deliveries/${deliveryId}/retry`, {}, tenant.key);
    expect(retry.status).toBe(202);
    // The detail is read in two queries (delivery, then attempts): wait for both to show the
    // second attempt, or a read between them sees it in one and not the other.
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.attempts.length === 2 && d.status !== "pending");
    expect(delivery.attempts[1]).toMatchObject({ number: 2, trigger: "manual", responseStatus: 200 });
    expect(delivery.status).toBe("succeeded");
    expect(requestsTo("redeliver").map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
  });

  it("succeeds on retry after the endpoint's URL is fixed", async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    const ep = await endpoint(deadUrl);
    const deliveryId = await deliveryOf(tenant.id, await publish({ orderId: 6 }), tenant.key);
    await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "failed");
    expect((await patch(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}`, { url: pathOf("fixed") }, tenant.key)).status).toBe(200);
    await post(`/api/v1/tenants/${tenant.id}/deliveries/${deliveryId}/retry`, {}, tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    expect(delivery.attempts.at(-1)).toMatchObject({ trigger: "manual", responseStatus: 200, url: pathOf("fixed") });
    expect(delivery.attempts).toHaveLength(4);
  });

  it("refuses a retry of another tenant's delivery and of an unknown one", async () => {
    expect((await post(`/api/v1/tenants/${tenant.id}/deliveries/dlv_01jd8x3q4b9v2k5n7m1c0a6e8f/retry`, {}, tenant.key)).status).toBe(404);
  });

  it("sends test events to one endpoint: the built-in ping, or the subscribed type's example", async () => {
    const all = await endpoint(pathOf("test-all"));
    const ping = await post(`/api/v1/tenants/${tenant.id}/endpoints/${all.id}/test`, {}, tenant.key);
    expect(ping.status).toBe(202);
    expect(ping.body.messageId).toMatch(/^msg_/);
    await until(() => requestsTo("test-all").length === 1);
    const pinged = new Webhook(all.secret).verify(requestsTo("test-all")[0].body, requestsTo("test-all")[0].headers) as any;
    expect(pinged.type).toBe("hookyard.ping");
    const message = (await get(`/api/v1/tenants/${tenant.id}/messages/${ping.body.messageId}`, tenant.key)).body;
    expect(message.isTest).toBe(true);
    expect(message.deliveries).toHaveLength(1);
    const delivery = await waitForDelivery(tenant.id, message.deliveries[0].id, tenant.key, (d) => d.status === "succeeded");
    expect(delivery.attempts[0].trigger).toBe("test");

    const orders = await endpoint(pathOf("test-orders"), { eventTypes: ["order.completed"] });
    await post(`/api/v1/tenants/${tenant.id}/endpoints/${orders.id}/test`, {}, tenant.key);
    await until(() => requestsTo("test-orders").length === 1);
    expect(JSON.parse(requestsTo("test-orders")[0].body)).toMatchObject({ type: "order.completed", data: { example: "order.completed" } });

    const custom = await post(`/api/v1/tenants/${tenant.id}/endpoints/${orders.id}/test`, { eventType: "order.completed", payload: { hello: "world" } }, tenant.key);
    expect(custom.status).toBe(202);
    await until(() => requestsTo("test-orders").length === 2);
    expect(JSON.parse(requestsTo("test-orders")[1].body).data).toEqual({ hello: "world" });
    expect((await post(`/api/v1/tenants/${tenant.id}/endpoints/${orders.id}/test`, { eventType: "nope.nope" }, tenant.key)).status).toBe(422);
  });

  it("signs with both secrets during a rotation's grace period, then only the new one", async () => {
    const ep = await endpoint(pathOf("rotate"));
    const rotated = await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/secret/rotate`, { graceSeconds: 3600 }, tenant.key);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(ep.secret);
    // Both answers say until when the old secret still signs: about an hour from now.
    const graceEnd = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(Math.abs(graceEnd - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect((await get(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/secret`, tenant.key)).body).toEqual({
      secret: rotated.body.secret,
      previousSecretExpiresAt: rotated.body.previousSecretExpiresAt,
    });
    await publish({ orderId: 7 });
    await until(() => requestsTo("rotate").length === 1);
    const during = requestsTo("rotate")[0];
    expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(ep.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(during.body, during.headers)).not.toThrow();

    const final = await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/secret/rotate`, { graceSeconds: 0 }, tenant.key);
    expect(final.body.previousSecretExpiresAt).toBeNull();
    await publish({ orderId: 8 });
    await until(() => requestsTo("rotate").length === 2);
    const after = requestsTo("rotate")[1];
    expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(() => new Webhook(final.body.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(ep.secret).verify(after.body, after.headers)).toThrow();
    expect((await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/secret/rotate`, { secret: "nope" }, tenant.key)).status).toBe(422);
  });

  it("recovers an endpoint's failed deliveries since a time", async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    const ep = await endpoint(deadUrl);
    const since = new Date(Date.now() - 1000).toISOString();
    const ids = [await publish({ n: 1 }), await publish({ n: 2 })];
    const deliveries = await Promise.all(ids.map((m) => deliveryOf(tenant.id, m, tenant.key)));
    for (const d of deliveries) await waitForDelivery(tenant.id, d, tenant.key, (x) => x.status === "failed");
    await patch(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}`, { url: pathOf("recovered") }, tenant.key);
    const recovered = await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/recover`, { since }, tenant.key);
    expect(recovered.status).toBe(202);
    expect(recovered.body).toEqual({ requeued: 2 });
    for (const d of deliveries) await waitForDelivery(tenant.id, d, tenant.key, (x) => x.status === "succeeded");
    expect(requestsTo("recovered")).toHaveLength(2);
    expect((await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}/recover`, { since: "last week" }, tenant.key)).status).toBe(422);
  });
});
