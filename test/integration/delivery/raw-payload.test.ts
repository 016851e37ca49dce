// The payload as published: the webhook body carries the publisher's JSON text byte for byte —
// key order and number formatting — not jsonb's canonical re-serialization.
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { newId } from "../../../lib/ids";
import { call, get, post } from "../../helpers/api";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor();

let tenant: TestTenant;
let receiver: Receiver;
let secret: string;
let endpointId: string;
beforeAll(async () => {
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  tenant = await createTenantWithKey(admin, "Raw payload");
  receiver = await startReceiver();
  const endpoint = (await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url }, tenant.key)).body;
  endpointId = endpoint.id;
  secret = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${endpoint.id}/secret`, tenant.key)).body.secret;
  return () => receiver.close();
});

describe("the payload as published", () => {
  it("reaches the receiver with its key order and number formatting, signed over those bytes", async () => {
    const payloadText = `{"zeta": 1.50, "alpha": {"b": 1e3, "a": -0.0}, "list": [10.0, 2]}`;
    const rawBody = `{"eventType":"order.completed","payload":${payloadText}}`;
    const res = await call("POST", `/api/v1/tenants/${tenant.id}/messages`, { key: tenant.key, rawBody, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(202);
    const deliveryId = await deliveryOf(tenant.id, res.body.id, tenant.key);
    const done = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    const [request] = receiver.requests.filter((r) => r.headers["webhook-id"] === res.body.id);
    expect(request.body).toBe(`{"type":"order.completed","timestamp":"${res.body.createdAt}","data":${payloadText}}`);
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    // The dashboard shows the same bytes as the request body.
    expect(done.attempts[0].requestBody).toBe(request.body);
  });

  it("is the stored jsonb for a message kept without its text (published before the text was kept)", async () => {
    // The worker reads the jsonb only for such messages (context.ts): this is that path.
    const messageId = newId("message");
    const deliveryId = newId("delivery");
    const createdAt = new Date();
    await db().$executeRaw`
      INSERT INTO "Message" (id, "tenantId", "eventType", payload, "payloadText", "createdAt")
      VALUES (${messageId}, ${tenant.id}, 'order.completed', '{"b": 1.50, "a": [1e3]}'::jsonb, NULL, ${createdAt})`;
    await db().$executeRaw`
      INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "nextAttemptAt", "updatedAt")
      VALUES (${deliveryId}, ${tenant.id}, ${messageId}, ${endpointId}, 'order.completed', 'pending', now(), now())`;
    await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded");
    const [request] = receiver.requests.filter((r) => r.headers["webhook-id"] === messageId);
    expect(request.body).toBe(`{"type":"order.completed","timestamp":"${createdAt.toISOString()}","data":{"a":[1000],"b":1.5}}`);
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
  });
});
