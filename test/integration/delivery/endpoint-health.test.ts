// Endpoint health: an endpoint failing without a success for HOOKYARD_DISABLE_AFTER is disabled
// with a reason, its pending retries stop, new messages skip it, and re-enabling recovers it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, patch, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";

// 2 s to disable: at least three attempts fit in it however busy the machine, and retries are left.
useLocalExecutor({ schedule: "0s,400ms,400ms,400ms,400ms,400ms,400ms,400ms", disableAfter: "2s" });

let tenant: TestTenant;
let receiver: Receiver;
beforeAll(async () => {
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  tenant = await createTenantWithKey(admin, "Health");
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const publish = async () =>
  (await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload: {} }, tenant.key)).body.id as string;

describe("endpoint health", () => {
  it("disables an endpoint that keeps failing, stops its retries, and recovers when re-enabled", async () => {
    let healthy = false;
    receiver.respond(() => ({ status: healthy ? 200 : 503 }));
    const ep = (await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url }, tenant.key)).body;
    const deliveryId = await deliveryOf(tenant.id, await publish(), tenant.key);

    const canceled = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "canceled");
    expect(canceled.attempts.length).toBeGreaterThanOrEqual(3);
    expect(canceled.attempts.length).toBeLessThan(8); // the schedule had retries left: they stopped
    const disabled = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}`, tenant.key)).body;
    expect(disabled.disabled).toBe(true);
    expect(disabled.disabledReason).toMatch(/failed/i);
    expect(disabled.failingSince).not.toBeNull();

    const skipped = await get(`/api/v1/tenants/${tenant.id}/messages/${await publish()}`, tenant.key);
    expect(skipped.body.deliveries).toEqual([]);
    const seen = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.requests.length).toBe(seen);

    healthy = true;
    const enabled = await patch(`/api/v1/tenants/${tenant.id}/endpoints/${ep.id}`, { disabled: false }, tenant.key);
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null, failingSince: null });
    const fresh = await deliveryOf(tenant.id, await publish(), tenant.key);
    await waitForDelivery(tenant.id, fresh, tenant.key, (d) => d.status === "succeeded");
  });

  it("a success resets the failure window", async () => {
    const other = await createTenantWithKey(await adminKey(), "Flaky health");
    let calls = 0;
    const flaky = await startReceiver();
    flaky.respond(() => ({ status: ++calls % 2 === 0 ? 200 : 500 }));
    const ep = (await post(`/api/v1/tenants/${other.id}/endpoints`, { url: flaky.url }, other.key)).body;
    for (let i = 0; i < 4; i++) {
      const id = (await post(`/api/v1/tenants/${other.id}/messages`, { eventType: "order.completed", payload: { i } }, other.key)).body.id;
      const d = await deliveryOf(other.id, id, other.key);
      await waitForDelivery(other.id, d, other.key, (x) => x.status === "succeeded");
      await new Promise((r) => setTimeout(r, 300));
    }
    const after = (await get(`/api/v1/tenants/${other.id}/endpoints/${ep.id}`, other.key)).body;
    expect(after.disabled).toBe(false);
    expect(after.failingSince).toBeNull();
    await flaky.close();
  });
});
