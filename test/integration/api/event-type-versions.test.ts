// Versioned event types end to end: versions with schemas and examples, the breaking-change check,
// pins (automatic on a breaking version, or chosen), and which endpoints a version's messages
// reach — delivered by the local executor to a real receiver.
import { beforeAll, describe, expect, it } from "vitest";
import { get, patch, post } from "../../helpers/api";
import { useLocalExecutor } from "../../helpers/engine";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { ensureOperatorTenant } from "../../../lib/operational-events/tenant";

useLocalExecutor();

let admin: string;
let tenant: TestTenant;
let receiver: Receiver;
beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Versions");
  receiver = await startReceiver();
  await ensureOperatorTenant(); // Hookyard's own event types
  return () => receiver.close();
});

const v1Schema = {
  type: "object",
  properties: { orderId: { type: "string" }, total: { type: "number" } },
  required: ["orderId", "total"],
};
const v2Schema = { ...v1Schema, properties: { ...v1Schema.properties, currency: { type: "string" } } };
// v3 makes total an object: breaking.
const v3Schema = {
  type: "object",
  properties: { orderId: { type: "string" }, total: { type: "object", properties: { amount: { type: "integer" }, currency: { type: "string" } } } },
  required: ["orderId", "total"],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (path: string) => receiver.requests.filter((r) => r.path === path);

async function endpoint(path: string, body: Record<string, unknown> = {}) {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path), eventTypes: ["order.paid"], ...body }, tenant.key);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe("versioned event types", () => {
  it("a type made without versions is version 1; compatible versions are added with their changes listed", async () => {
    const created = await post("/api/v1/event-types", { name: "order.paid", schema: v1Schema, examplePayload: { orderId: "o_1", total: 5 } }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ latestVersion: 1, schema: v1Schema });
    const listed = await get("/api/v1/event-types/order.paid/versions", tenant.key);
    expect(listed.body.data).toMatchObject([{ version: 1, breaking: false, changes: [], line: { first: 1, last: 1 } }]);
    expect(listed.body.data[0].pinnedEndpoints).toBeUndefined(); // counts are for admins

    const v2 = await post("/api/v1/event-types/order.paid/versions", { schema: v2Schema, examplePayload: { orderId: "o_1", total: 5, currency: "EUR" }, note: "Adds the currency" }, admin);
    expect(v2.status, v2.text).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, breaking: false, note: "Adds the currency", line: { first: 1, last: 2 }, pinnedToPrevious: 0 });
    expect(v2.body.changes).toEqual([{ kind: "added", path: "currency", breaking: false, message: "currency was added" }]);
    expect((await get("/api/v1/event-types/order.paid", tenant.key)).body).toMatchObject({ latestVersion: 2, schema: v2Schema });
  });

  it("refuses a version that breaks the one before it unless marked breaking, saying what breaks", async () => {
    const refused = await post("/api/v1/event-types/order.paid/versions", { schema: v3Schema }, admin);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("breaking_change");
    expect(refused.body.error.message).toContain("total changed type from number to object");
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "schema.total", kind: "retyped" }),
        expect.objectContaining({ path: "schema.currency", kind: "removed" }),
      ]),
    );
    // Nothing was added.
    expect((await get("/api/v1/event-types/order.paid/versions", admin)).body.data).toHaveLength(2);
    // Neither may the latest version be edited in place into a breaking one.
    const edited = await patch("/api/v1/event-types/order.paid", { schema: { type: "object" } }, admin);
    expect(edited.status).toBe(422);
    expect(edited.body.error.code).toBe("breaking_change");
    // Only admins add versions; built-in types get none.
    expect((await post("/api/v1/event-types/order.paid/versions", { schema: v2Schema }, tenant.key)).status).toBe(403);
    expect((await post("/api/v1/event-types/hookyard.endpoint.created/versions", { schema: null }, admin)).status).toBe(403);
  });

  it("a breaking version pins the endpoints already receiving the type, and each line reaches only its endpoints", async () => {
    const before = await endpoint("/before"); // receives order.paid, pins nothing: gets pinned to v2
    const allTypes = await endpoint("/all-types", { eventTypes: [] }); // every type: pinned too
    const onV1 = await endpoint("/pinned-v1", { pinnedVersions: { "order.paid": 1 } });
    expect(onV1.pinnedVersions).toEqual({ "order.paid": 1 });

    const v3 = await post("/api/v1/event-types/order.paid/versions", { schema: v3Schema, examplePayload: { orderId: "o_1", total: { amount: 500, currency: "EUR" } }, breaking: true }, admin);
    expect(v3.status, v3.text).toBe(201);
    expect(v3.body).toMatchObject({ version: 3, breaking: true, line: { first: 3, last: 3 }, pinnedToPrevious: 2 });
    expect((await get(`/api/v1/tenants/${tenant.id}/endpoints/${before.id}`, tenant.key)).body.pinnedVersions).toEqual({ "order.paid": 2 });
    expect((await get(`/api/v1/tenants/${tenant.id}/endpoints/${allTypes.id}`, tenant.key)).body.pinnedVersions).toEqual({ "order.paid": 2 });
    const versions = (await get("/api/v1/event-types/order.paid/versions", admin)).body.data;
    expect(versions.map((v: { pinnedEndpoints: number }) => v.pinnedEndpoints)).toEqual([1, 2, 0]);

    const after = await endpoint("/after"); // made after v3: follows the latest line

    // A publish naming no version is at the latest (v3), validated against v3's schema.
    const badLatest = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", payload: { orderId: "o_2", total: 5 } }, tenant.key);
    expect(badLatest.status).toBe(422);
    expect(badLatest.body.error.message).toContain("version 3");
    const latest = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", payload: { orderId: "o_2", total: { amount: 500, currency: "EUR" } } }, tenant.key);
    expect(latest.status, latest.text).toBe(202);
    expect(latest.body.version).toBe(3);
    // The old line, published at v1 by a backend that has not moved yet.
    const old = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", version: 1, payload: { orderId: "o_2", total: 5 } }, tenant.key);
    expect(old.status, old.text).toBe(202);
    expect(old.body.version).toBe(1);
    // With an idempotency key (the transaction path) the same rule holds.
    const keyed = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", version: 2, payload: { orderId: "o_3", total: 7, currency: "EUR" }, idempotencyKey: "v2-o3" }, tenant.key);
    expect(keyed.status, keyed.text).toBe(202);

    await receiver.waitFor(1 + 3 * 2);
    await sleep(300); // nothing more arrives
    expect(at("/after").map((r) => r.headers["webhook-id"])).toEqual([latest.body.id]);
    for (const path of ["/before", "/all-types", "/pinned-v1"]) {
      expect(at(path).map((r) => r.headers["webhook-id"]).sort(), path).toEqual([old.body.id, keyed.body.id].sort());
    }
    // The body names the version from 2 on; version 1 keeps the envelope it always had.
    expect(JSON.parse(at("/after")[0].body)).toMatchObject({ type: "order.paid", version: 3, data: { total: { amount: 500 } } });
    const v1Body = at("/pinned-v1").find((r) => r.headers["webhook-id"] === old.body.id)!.body;
    expect(v1Body).toMatch(/^\{"type":"order.paid","timestamp":"[^"]+","data":\{"orderId":"o_2","total":5\}\}$/);
    const v2Body = JSON.parse(at("/before").find((r) => r.headers["webhook-id"] === keyed.body.id)!.body);
    expect(v2Body.version).toBe(2);

    // Moving an endpoint to the new line is changing its pin.
    const moved = await patch(`/api/v1/tenants/${tenant.id}/endpoints/${before.id}`, { pinnedVersions: {} }, tenant.key);
    expect(moved.status).toBe(200);
    const next = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", payload: { orderId: "o_4", total: { amount: 1 } } }, tenant.key);
    await receiver.waitFor(receiver.requests.length + 2);
    expect(at("/before").at(-1)?.headers["webhook-id"]).toBe(next.body.id);
  });

  it("a test event goes at the version the endpoint receives, with that version's example", async () => {
    const onV1 = await endpoint("/test-v1", { pinnedVersions: { "order.paid": 1 } });
    const sent = await post(`/api/v1/tenants/${tenant.id}/endpoints/${onV1.id}/test`, {}, tenant.key);
    expect(sent.status, sent.text).toBe(202);
    const message = (await get(`/api/v1/tenants/${tenant.id}/messages/${sent.body.messageId}`, tenant.key)).body;
    expect(message).toMatchObject({ version: 1, payload: { orderId: "o_1", total: 5 }, isTest: true });
  });

  it("refuses pins to versions or types that do not exist or that the endpoint does not receive, and unknown publish versions", async () => {
    await post("/api/v1/event-types", { name: "refund.issued" }, admin);
    const cases: [Record<string, unknown>, string][] = [
      [{ pinnedVersions: { "order.paid": 9 } }, '"order.paid" has no version 9'],
      [{ pinnedVersions: { "nope.nothing": 1 } }, 'unknown event type "nope.nothing"'],
      [{ pinnedVersions: { "refund.issued": 1 } }, 'the endpoint does not receive "refund.issued"'],
      [{ pinnedVersions: { "order.paid": 0 } }, "pinnedVersions"],
    ];
    for (const [body, message] of cases) {
      const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url, eventTypes: ["order.paid"], ...body }, tenant.key);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.message).toContain(message);
    }
    const unknown = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.paid", version: 7, payload: {} }, tenant.key);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toBe('Event type "order.paid" has no version 7 (its versions are 1 to 3)');
    expect((await get("/api/v1/event-types/order.paid/versions/7", tenant.key)).status).toBe(404);
    expect((await get("/api/v1/event-types/order.paid/versions/2", tenant.key)).body).toMatchObject({ version: 2, schema: v2Schema });
  });
});
