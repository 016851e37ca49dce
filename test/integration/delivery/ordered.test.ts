// Ordered delivery (opt-in per endpoint): one message in flight at a time, in publish order; a
// failing message holds back the later ones until it succeeds or gives up.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { get, post } from "../../helpers/api";
import { useLocalExecutor } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ concurrency: 32, perEndpoint: 8, schedule: "0s,300ms,300ms" });

let admin: string;
let receiver: Receiver;
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  receiver = await startReceiver();
  return () => receiver.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function orderedEndpoint(tenant: TestTenant, path: string, ordered = true) {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path), ordered }, tenant.key);
  expect(res.status).toBe(201);
  expect(res.body.ordered).toBe(ordered);
  return res.body.id as string;
}

async function publishInOrder(tenant: TestTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push((await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload: { n } }, tenant.key)).body.id);
  return ids;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

describe("ordered delivery", () => {
  it("sends one at a time, in publish order, though the endpoint allows 8 at once", async () => {
    const tenant = await createTenantWithKey(admin, "Ordered");
    let inFlight = 0;
    let most = 0;
    receiver.respond(async (req) => {
      if (req.path !== "/in-order") return { status: 200 };
      most = Math.max(most, ++inFlight);
      await sleep(30);
      inFlight--;
      return { status: 200 };
    });
    await orderedEndpoint(tenant, "/in-order");
    const ids = await publishInOrder(tenant, 12);
    await until(() => receiver.requests.filter((r) => r.path === "/in-order").length === 12);
    expect(receiver.requests.filter((r) => r.path === "/in-order").map((r) => r.headers["webhook-id"])).toEqual(ids);
    expect(most).toBe(1);
  });

  it("a failing message holds back the later ones until it succeeds; they then follow in order", async () => {
    const tenant = await createTenantWithKey(admin, "Ordered, failing");
    let failures = 2;
    receiver.respond((req) => (req.path === "/held" && req.body.includes('"n":0') && failures-- > 0 ? { status: 500 } : { status: 200 }));
    await orderedEndpoint(tenant, "/held");
    const ids = await publishInOrder(tenant, 4);
    await until(() => receiver.requests.filter((r) => r.path === "/held").length === 6);
    // The first message three times (two failures, then success), and only then the others.
    expect(receiver.requests.filter((r) => r.path === "/held").map((r) => r.headers["webhook-id"])).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2], ids[3]]);
  });

  it("the ones waiting say which delivery they are blocked behind, in the list and the detail", async () => {
    const tenant = await createTenantWithKey(admin, "Ordered, blocked");
    // The first one hangs in flight until released: the others wait behind it.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    receiver.respond(async (req) => {
      if (req.path === "/blocked") await released;
      return { status: 200 };
    });
    const endpointId = await orderedEndpoint(tenant, "/blocked");
    await publishInOrder(tenant, 3);
    await until(() => receiver.requests.some((r) => r.path === "/blocked"));
    const list = (await get(`/api/v1/tenants/${tenant.id}/deliveries?endpointId=${endpointId}`, tenant.key)).body.data;
    const [third, second, first] = list; // newest first
    expect(first.blockedBy).toBeNull();
    expect(second.blockedBy).toBe(first.id);
    expect(third.blockedBy).toBe(first.id);
    expect(second.nextAttemptAt).toBeNull();
    const detail = (await get(`/api/v1/tenants/${tenant.id}/deliveries/${second.id}`, tenant.key)).body;
    expect(detail.blockedBy).toBe(first.id);
    release();
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "succeeded" } })) === 3);
    const after = (await get(`/api/v1/tenants/${tenant.id}/deliveries?endpointId=${endpointId}`, tenant.key)).body.data;
    expect(after.map((d: { blockedBy: string | null }) => d.blockedBy)).toEqual([null, null, null]);
  });

  it("a message that gives up lets the next ones go", async () => {
    const tenant = await createTenantWithKey(admin, "Ordered, exhausted");
    receiver.respond((req) => (req.path === "/exhausted" && req.body.includes('"n":0') ? { status: 500 } : { status: 200 }));
    await orderedEndpoint(tenant, "/exhausted");
    const ids = await publishInOrder(tenant, 3);
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "succeeded" } })) === 2);
    const order = receiver.requests.filter((r) => r.path === "/exhausted").map((r) => r.headers["webhook-id"]);
    expect(order).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2]]);
    expect((await db().delivery.findFirst({ where: { tenantId: tenant.id, messageId: ids[0] } }))?.status).toBe("failed");
  });

  it("an endpoint that did not ask for order gets messages side by side", async () => {
    const tenant = await createTenantWithKey(admin, "Unordered");
    let inFlight = 0;
    let most = 0;
    receiver.respond(async (req) => {
      if (req.path !== "/side-by-side") return { status: 200 };
      most = Math.max(most, ++inFlight);
      await sleep(100);
      inFlight--;
      return { status: 200 };
    });
    await orderedEndpoint(tenant, "/side-by-side", false);
    await publishInOrder(tenant, 8);
    await until(() => receiver.requests.filter((r) => r.path === "/side-by-side").length === 8);
    expect(most).toBeGreaterThan(1);
  });
});
