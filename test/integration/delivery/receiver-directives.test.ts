// The receiver decides: a 410 Gone disables the endpoint at once; `webhook-delivery: abort` stops
// retrying that message. Both say so in the attempt log.
import { beforeAll, describe, expect, it } from "vitest";
import { get, post } from "../../helpers/api";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ schedule: "0s,200ms,200ms,200ms" });

let tenant: TestTenant;
let receiver: Receiver;
beforeAll(async () => {
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  tenant = await createTenantWithKey(admin, "Receiver decides");
  receiver = await startReceiver();
  return () => receiver.close();
});

const endpointAt = async (path: string) =>
  (await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path) }, tenant.key)).body.id as string;
const publish = async () => (await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload: {} }, tenant.key)).body.id as string;

describe("the receiver decides", () => {
  it("410 Gone: no retry, the endpoint is disabled at once with the reason, its other deliveries stop", async () => {
    receiver.respond((req) => (req.path === "/gone" ? { status: 410 } : { status: 200 }));
    const endpointId = await endpointAt("/gone");
    const first = await deliveryOf(tenant.id, await publish(), tenant.key);
    const done = await waitForDelivery(tenant.id, first, tenant.key, (d) => d.status === "failed");
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0].error).toMatch(/HTTP 410; the endpoint answered 410 Gone: no more retries, and the endpoint is disabled/);
    expect(done.attempts[0].receiverDirective).toBe("gone");
    // The worker disables the endpoint right after recording the attempt (its next statement).
    const endpoint = async () => (await get(`/api/v1/tenants/${tenant.id}/endpoints/${endpointId}`, tenant.key)).body;
    await expect
      .poll(endpoint, { timeout: 5_000 })
      .toMatchObject({ disabled: true, disabledReason: expect.stringMatching(/answered 410 Gone at .*disabled at the receiver's request/) });
    // Nothing more goes there: a new message skips it.
    const skipped = (await get(`/api/v1/tenants/${tenant.id}/messages/${await publish()}`, tenant.key)).body;
    expect(skipped.deliveries.filter((d: { endpointId: string }) => d.endpointId === endpointId)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path === "/gone")).toHaveLength(1);
  });

  it("webhook-delivery: abort: that message is not retried; the endpoint keeps receiving others", async () => {
    let calls = 0;
    receiver.respond((req) => (req.path === "/abort" ? (++calls === 1 ? { status: 422, headers: { "webhook-delivery": "abort" } } : { status: 200 }) : { status: 200 }));
    const endpointId = await endpointAt("/abort");
    const aborted = await deliveryOf(tenant.id, await publish(), tenant.key);
    const done = await waitForDelivery(tenant.id, aborted, tenant.key, (d) => d.status === "failed");
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0].error).toBe("HTTP 422; the receiver asked not to retry this message (webhook-delivery: abort)");
    expect(done.attempts[0].receiverDirective).toBe("abort");
    const next = (await get(`/api/v1/tenants/${tenant.id}/messages/${await publish()}`, tenant.key)).body;
    const other = next.deliveries.find((d: { endpointId: string }) => d.endpointId === endpointId);
    await waitForDelivery(tenant.id, other.id, tenant.key, (d) => d.status === "succeeded");
    expect((await get(`/api/v1/tenants/${tenant.id}/endpoints/${endpointId}`, tenant.key)).body.disabled).toBe(false);
  });
});
