// Operational webhooks: Hookyard's own events (endpoint created/updated/deleted/disabled/failing,
// a delivery that gave up, one that recovered) published to the built-in operator tenant and
// delivered, signed, to the operator's endpoints there like any other message.
import { beforeAll, describe, expect, it } from "vitest";
import { del, get, patch, post } from "../../helpers/api";
import { useLocalExecutor } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { listenAsOperator, type OperatorListener } from "../../helpers/operational-webhooks";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ schedule: "0s,150ms,150ms" });

let admin: string;
let operator: OperatorListener;
let customer: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  receiver = await startReceiver();
  operator = await listenAsOperator(admin, receiver);
  customer = await createTenantWithKey(admin, "Customer", "customer-1");
  return () => receiver.close();
});

const publish = () => post(`/api/v1/tenants/${customer.id}/messages`, { eventType: "order.completed", payload: {} }, customer.key);

describe("operational webhooks", () => {
  it("endpoint created, updated (disabled by hand) and deleted", async () => {
    const created = await post(`/api/v1/tenants/${customer.id}/endpoints`, { url: "https://example.com/a", eventTypes: ["order.completed"] }, customer.key);
    const endpointId = created.body.id;
    expect(await operator.eventOf("hookyard.endpoint.created", (d) => d.endpointId === endpointId)).toMatchObject({
      tenantId: customer.id,
      tenantUid: "customer-1",
      url: "https://example.com/a",
      eventTypes: ["order.completed"],
    });
    await patch(`/api/v1/tenants/${customer.id}/endpoints/${endpointId}`, { disabled: true }, customer.key);
    expect(await operator.eventOf("hookyard.endpoint.updated", (d) => d.endpointId === endpointId)).toMatchObject({ disabled: true });
    expect(await operator.eventOf("hookyard.endpoint.disabled", (d) => d.endpointId === endpointId)).toMatchObject({ cause: "manual", reason: "Disabled manually" });
    await del(`/api/v1/tenants/${customer.id}/endpoints/${endpointId}`, customer.key);
    expect(await operator.eventOf("hookyard.endpoint.deleted", (d) => d.endpointId === endpointId)).toEqual({ tenantId: customer.id, tenantUid: "customer-1", endpointId });
  });

  it("an endpoint starts failing, a delivery gives up, another recovers, a 410 disables", async () => {
    let calls = 0;
    receiver.respond((req) => {
      if (req.path === "/flaky") return { status: 500 };
      if (req.path === "/recovering") return { status: ++calls === 1 ? 503 : 200 };
      if (req.path === "/gone") return { status: 410 };
      return { status: 200 };
    });
    const flaky = (await post(`/api/v1/tenants/${customer.id}/endpoints`, { url: receiver.url.replace("/hook", "/flaky") }, customer.key)).body.id;
    const recovering = (await post(`/api/v1/tenants/${customer.id}/endpoints`, { url: receiver.url.replace("/hook", "/recovering") }, customer.key)).body.id;
    const gone = (await post(`/api/v1/tenants/${customer.id}/endpoints`, { url: receiver.url.replace("/hook", "/gone") }, customer.key)).body.id;
    const message = (await publish()).body.id;

    // The engine's own events (lib/delivery/events.ts), each with every field the catalog names.
    const tenant = { tenantId: customer.id, tenantUid: "customer-1" };
    const urlOf = (path: string) => receiver.url.replace("/hook", path);
    const isoTime = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(await operator.eventOf("hookyard.endpoint.failing", (d) => d.endpointId === flaky)).toEqual({
      ...tenant,
      endpointId: flaky,
      url: urlOf("/flaky"),
      failingSince: isoTime,
      lastError: "HTTP 500",
    });
    expect(await operator.eventOf("hookyard.message.attempt.exhausted", (d) => d.endpointId === flaky)).toEqual({
      ...tenant,
      endpointId: flaky,
      url: urlOf("/flaky"),
      messageId: message,
      deliveryId: expect.stringMatching(/^dlv_/),
      eventType: "order.completed",
      attempts: 3,
      lastResponseStatus: 500,
      lastError: "HTTP 500",
    });
    expect(await operator.eventOf("hookyard.delivery.recovered", (d) => d.endpointId === recovering)).toEqual({
      ...tenant,
      endpointId: recovering,
      url: urlOf("/recovering"),
      messageId: message,
      deliveryId: expect.stringMatching(/^dlv_/),
      eventType: "order.completed",
      attempts: 2,
    });
    expect(await operator.eventOf("hookyard.endpoint.disabled", (d) => d.endpointId === gone)).toEqual({
      ...tenant,
      endpointId: gone,
      url: urlOf("/gone"),
      reason: expect.stringContaining("410 Gone"),
      cause: "gone",
      disabledAt: isoTime,
    });
  });

  it("are deliveries of the operator tenant, like any other", async () => {
    const succeeded = () => get(`/api/v1/tenants/hookyard:operator/deliveries?status=succeeded&limit=250`, admin);
    expect((await succeeded()).status).toBe(200);
    // Each delivery the receiver got is recorded a moment after the receipt (a record may wait
    // up to 20 ms for others to share its statement), so the list catches up with the receiver.
    await expect.poll(async () => (await succeeded()).body.data.length - operator.events().length, { timeout: 5_000 }).toBe(0);
    const list = await succeeded();
    expect(new Set(list.body.data.map((d: { eventType: string }) => d.eventType))).toContain("hookyard.endpoint.created");
  });

  it("keeps Hookyard's names to itself", async () => {
    expect((await post("/api/v1/event-types", { name: "hookyard.mine" }, admin)).status).toBe(422);
    expect((await patch("/api/v1/event-types/hookyard.endpoint.created", { description: "mine now" }, admin)).status).toBe(403);
    expect((await post("/api/v1/tenants", { name: "Sneaky", uid: "hookyard:operator2" }, admin)).status).toBe(422);
    expect((await del(`/api/v1/tenants/${operator.operatorTenantId}`, admin)).status).toBe(409);
  });
});
