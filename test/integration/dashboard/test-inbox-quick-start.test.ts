// The test inbox quick start where Hookyard runs as in production on plain http at a private
// address (https required, private addresses refused): the inbox and its endpoint are created
// together or not at all, and a test event lands in the inbox — delivered in-process, since the
// inbox is Hookyard's own — while the SSRF guard and the https rule still hold for anything else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, post } from "../../helpers/api";
import { useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { reloadEnv } from "../../../lib/env";

useLocalExecutor({ schedule: "0s" });

let a: TestTenant;
let b: TestTenant;
const saved = { NODE_ENV: process.env.NODE_ENV, HOOKYARD_ALLOW_HTTP: process.env.HOOKYARD_ALLOW_HTTP, HOOKYARD_ALLOW_PRIVATE_URLS: process.env.HOOKYARD_ALLOW_PRIVATE_URLS };

beforeAll(async () => {
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed", "order.refunded");
  a = await createTenantWithKey(admin, "Quick start A");
  b = await createTenantWithKey(admin, "Quick start B");
  (process.env as Record<string, string | undefined>).NODE_ENV = "production";
  delete process.env.HOOKYARD_ALLOW_HTTP;
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "false";
  reloadEnv();
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
});

const inboxCount = async (t: TestTenant) => (await get(`/api/v1/tenants/${t.id}/inboxes`, t.key)).body.data.length;

describe("test inbox quick start in production on plain http", () => {
  it("creates the inbox and its endpoint, subscribed to the chosen types, and delivers a test event into it", async () => {
    const created = await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Test inbox", endpoint: { eventTypes: ["order.completed"] } }, a.key);
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/^http:\/\//);
    const endpoint = (await get(`/api/v1/tenants/${a.id}/endpoints/${created.body.endpointId}`, a.key)).body;
    expect(endpoint).toMatchObject({ url: created.body.url, eventTypes: ["order.completed"] });

    const sent = await post(`/api/v1/tenants/${a.id}/endpoints/${endpoint.id}/test`, { eventType: "order.completed", payload: { orderId: "ord_7" } }, a.key);
    expect(sent.status).toBe(202);
    const delivery = await waitForDelivery(a.id, sent.body.deliveryId, a.key, (d) => d.status !== "pending");
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts[0]).toMatchObject({ responseStatus: 200 });

    const requests = (await get(`/api/v1/tenants/${a.id}/inboxes/${created.body.id}/requests`, a.key)).body.data;
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0].body)).toMatchObject({ type: "order.completed", data: { orderId: "ord_7" } });
    expect(requests[0].signature).toMatchObject({ verified: true, endpointId: endpoint.id });
  });

  it("a refused endpoint leaves no inbox behind", async () => {
    const before = await inboxCount(a);
    const refused = await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Test inbox", endpoint: { eventTypes: ["no.such.type"] } }, a.key);
    expect(refused.status).toBe(422);
    expect(await inboxCount(a)).toBe(before);
  });

  it("the exemption is for the tenant's own inboxes only: other http URLs, and another tenant's inbox, are refused", async () => {
    expect((await post(`/api/v1/tenants/${a.id}/endpoints`, { url: "http://example.com/hook" }, a.key)).status).toBe(422);
    const theirs = (await post(`/api/v1/tenants/${b.id}/inboxes`, { name: "B's" }, b.key)).body;
    const refused = await post(`/api/v1/tenants/${a.id}/endpoints`, { url: theirs.url }, a.key);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({ path: "url" });
  });

  it("an https endpoint at a private address is still refused at delivery", async () => {
    const endpoint = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: "https://127.0.0.1:9/hook" }, a.key)).body;
    const sent = await post(`/api/v1/tenants/${a.id}/endpoints/${endpoint.id}/test`, {}, a.key);
    const delivery = await waitForDelivery(a.id, sent.body.deliveryId, a.key, (d) => d.status !== "pending");
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts[0].errorCategory).toBe("blocked");
  });
});
