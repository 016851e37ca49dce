// With private URLs refused (the production default), an endpoint that resolves to this machine
// is never contacted: the attempt is recorded as "blocked".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post } from "../../helpers/api";
import { adminKey, createTenantWithKey } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { reloadEnv } from "../../../lib/env";

useLocalExecutor({ schedule: "0s" });
process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "false";
reloadEnv();

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

describe("SSRF guard in delivery", () => {
  it.each([
    ["loopback IP", (port: number) => `http://127.0.0.1:${port}/hook`],
    ["localhost name", (port: number) => `http://localhost:${port}/hook`],
    ["decimal IPv4", (port: number) => `http://2130706433:${port}/hook`],
    ["IPv4-mapped IPv6", (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`],
  ])("blocks %s", async (_name, url) => {
    const admin = await adminKey();
    const tenant = await createTenantWithKey(admin, "SSRF");
    await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: url(receiver.port) }, tenant.key);
    const types = await post("/api/v1/event-types", { name: `ssrf.${Date.now()}${Math.floor(Math.random() * 1e6)}` }, admin);
    const msg = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: types.body.name, payload: {} }, tenant.key);
    const deliveryId = await deliveryOf(tenant.id, msg.body.id, tenant.key);
    const delivery = await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "failed");
    expect(delivery.attempts[0]).toMatchObject({ errorCategory: "blocked", responseStatus: null });
    expect(receiver.requests).toHaveLength(0);
  });
});
