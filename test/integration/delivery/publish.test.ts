// Publishing through the API: fan-out, idempotency, validation, and reading messages back.
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, patch, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";

let admin: string;
let tenant: TestTenant;
const endpoints: Record<string, string> = {};

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed", "order.refunded");
  await post(
    "/api/v1/event-types",
    {
      name: "invoice.paid",
      schema: { type: "object", required: ["amount"], properties: { amount: { type: "integer", minimum: 0 } } },
      examplePayload: { amount: 100 },
    },
    admin,
  );
  tenant = await createTenantWithKey(admin, "Publisher", "publisher");
  const make = async (name: string, body: object) => {
    const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: `https://example.com/${name}`, ...body }, tenant.key);
    expect(res.status).toBe(201);
    endpoints[name] = res.body.id;
  };
  await make("orders", { eventTypes: ["order.completed"] });
  await make("everything", {});
  await make("refunds", { eventTypes: ["order.refunded"] });
  await make("disabled", { eventTypes: ["order.completed"], disabled: true });
});

const publish = (body: unknown, headers: Record<string, string> = {}) =>
  call("POST", `/api/v1/tenants/${tenant.id}/messages`, { key: tenant.key, body, headers });

describe("publishing a message", () => {
  it("answers 202 with the message and creates one delivery per subscribed, enabled endpoint", async () => {
    const res = await publish({ eventType: "order.completed", payload: { orderId: 42 } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ eventType: "order.completed", payload: { orderId: 42 }, isTest: false });
    expect(res.body.id).toMatch(/^msg_/);
    const detail = await get(`/api/v1/tenants/${tenant.id}/messages/${res.body.id}`, tenant.key);
    const targets = detail.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort();
    expect(targets).toEqual([endpoints.orders, endpoints.everything].sort());
    expect(detail.body.deliveries.every((d: { status: string }) => d.status === "pending")).toBe(true);
  });

  it("fans out to many endpoints, as read when the message is written", async () => {
    // More endpoints than the publisher first brings delivery ids for (it retries with enough).
    const wide = await createTenantWithKey(admin, "Wide");
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await post(`/api/v1/tenants/${wide.id}/endpoints`, { url: `https://example.com/wide-${i}`, eventTypes: i % 3 === 2 ? ["order.refunded"] : [] }, wide.key);
      ids.push(res.body.id);
    }
    const publishWide = () => call("POST", `/api/v1/tenants/${wide.id}/messages`, { key: wide.key, body: { eventType: "order.completed", payload: { wide: true } } });
    const first = await publishWide();
    expect(first.status).toBe(202);
    const detail = await get(`/api/v1/tenants/${wide.id}/messages/${first.body.id}`, wide.key);
    expect(detail.body).toMatchObject({ id: first.body.id, payload: { wide: true }, createdAt: first.body.createdAt });
    const expected = ids.filter((_, i) => i % 3 !== 2).sort();
    expect(detail.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual(expected);
    expect(new Set(detail.body.deliveries.map((d: { id: string }) => d.id)).size).toBe(expected.length);
    // A disabled endpoint is skipped from the next message on.
    expect((await patch(`/api/v1/tenants/${wide.id}/endpoints/${ids[0]}`, { disabled: true }, wide.key)).status).toBe(200);
    const second = await publishWide();
    expect(await db().delivery.count({ where: { messageId: second.body.id } })).toBe(expected.length - 1);
  });

  it("returns the original message for a repeated idempotency key, body or header, without new deliveries", async () => {
    const first = await publish({ eventType: "order.refunded", payload: { n: 1 }, idempotencyKey: "refund-1" });
    const again = await publish({ eventType: "order.refunded", payload: { n: 2 }, idempotencyKey: "refund-1" });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.payload).toEqual({ n: 1 });
    const viaHeader = await publish({ eventType: "order.refunded", payload: { n: 3 } }, { "idempotency-key": "refund-1" });
    expect(viaHeader.body.id).toBe(first.body.id);
    expect(await db().delivery.count({ where: { messageId: first.body.id } })).toBe(2);
    // Another tenant may use the same key for its own message.
    const other = await createTenantWithKey(admin, "Other");
    const theirs = await call("POST", `/api/v1/tenants/${other.id}/messages`, {
      key: other.key,
      body: { eventType: "order.refunded", payload: {}, idempotencyKey: "refund-1" },
    });
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it("lets a key be reused after 24 hours", async () => {
    const first = await publish({ eventType: "order.refunded", payload: {}, idempotencyKey: "old-key" });
    await db().message.update({ where: { id: first.body.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const second = await publish({ eventType: "order.refunded", payload: {}, idempotencyKey: "old-key" });
    expect(second.body.id).not.toBe(first.body.id);
  });

  it("refuses unknown and archived event types with 422", async () => {
    const unknown = await publish({ eventType: "order.exploded", payload: {} });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain("order.exploded");
    await createEventTypes(admin, "legacy.thing");
    await patch("/api/v1/event-types/legacy.thing", { archived: true }, admin);
    const archived = await publish({ eventType: "legacy.thing", payload: {} });
    expect(archived.status).toBe(422);
    expect(archived.body.error.message).toContain("archived");
  });

  it("validates the payload against the event type's JSON Schema", async () => {
    const bad = await publish({ eventType: "invoice.paid", payload: { amount: -5 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details[0]).toMatchObject({ path: "payload.amount" });
    const missing = await publish({ eventType: "invoice.paid", payload: {} });
    expect(missing.status).toBe(422);
    expect((await publish({ eventType: "invoice.paid", payload: { amount: 5 } })).status).toBe(202);
  });

  it("refuses a body over the payload limit with 413 and malformed JSON with 400", async () => {
    const big = JSON.stringify({ eventType: "order.completed", payload: { blob: "x".repeat(300 * 1024) } });
    const tooLarge = await call("POST", `/api/v1/tenants/${tenant.id}/messages`, { key: tenant.key, rawBody: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("payload_too_large");
    const malformed = await call("POST", `/api/v1/tenants/${tenant.id}/messages`, { key: tenant.key, rawBody: '{"eventType":' });
    expect(malformed.status).toBe(400);
    const missingPayload = await publish({ eventType: "order.completed" });
    expect(missingPayload.status).toBe(422);
  });

  it("lists messages newest first with filters and cursor pages", async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await publish({ eventType: "order.completed", payload: { i } })).body.id);
    const page = await get(`/api/v1/tenants/${tenant.id}/messages?eventType=order.completed&limit=2`, tenant.key);
    expect(page.body.data.map((m: { id: string }) => m.id)).toEqual([created[2], created[1]]);
    const next = await get(`/api/v1/tenants/${tenant.id}/messages?eventType=order.completed&limit=2&cursor=${page.body.nextCursor}`, tenant.key);
    expect(next.body.data[0].id).toBe(created[0]);
    const future = await get(`/api/v1/tenants/${tenant.id}/messages?after=${new Date(Date.now() + 60_000).toISOString()}`, tenant.key);
    expect(future.body.data).toEqual([]);
    expect((await get(`/api/v1/tenants/${tenant.id}/messages?before=yesterday`, tenant.key)).status).toBe(422);
  });

  it("filters the deliveries list by endpoint, status, event type and message", async () => {
    // A tenant of its own, so the lists hold exactly what this test made.
    const own = await createTenantWithKey(admin, "Filters");
    const endpoint = async (body: object) => (await post(`/api/v1/tenants/${own.id}/endpoints`, { url: "https://example.com/f", ...body }, own.key)).body.id as string;
    const orders = await endpoint({ eventTypes: ["order.completed"] });
    const all = await endpoint({});
    const send = async (eventType: string) =>
      (await call("POST", `/api/v1/tenants/${own.id}/messages`, { key: own.key, body: { eventType, payload: {} } })).body.id as string;
    const completed = await send("order.completed");
    const refunded = await send("order.refunded");
    const delivery = async (messageId: string, endpointId: string) => (await db().delivery.findFirstOrThrow({ where: { messageId, endpointId } })).id;
    const completedToOrders = await delivery(completed, orders);
    const completedToAll = await delivery(completed, all);
    const refundedToAll = await delivery(refunded, all);
    await db().delivery.update({ where: { id: completedToAll }, data: { status: "failed", nextAttemptAt: null } });

    const ids = async (query: string) => {
      const res = await get(`/api/v1/tenants/${own.id}/deliveries?${query}`, own.key);
      expect(res.status).toBe(200);
      return res.body.data.map((d: { id: string }) => d.id);
    };
    // Newest first: the refund's delivery, then the order's (created together, in id order).
    expect(await ids(`endpointId=${all}`)).toEqual([refundedToAll, completedToAll]);
    expect(await ids(`endpointId=${all}&status=pending`)).toEqual([refundedToAll]);
    expect(await ids("status=failed")).toEqual([completedToAll]);
    expect((await ids("eventType=order.completed")).sort()).toEqual([completedToOrders, completedToAll].sort());
    expect(await ids(`eventType=order.refunded&endpointId=${orders}`)).toEqual([]);
    expect((await ids(`messageId=${completed}`)).sort()).toEqual([completedToOrders, completedToAll].sort());
    expect((await get(`/api/v1/tenants/${own.id}/deliveries?status=exploded`, own.key)).status).toBe(422);
  });
});
