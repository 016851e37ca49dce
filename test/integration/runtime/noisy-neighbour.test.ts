// One tenant's dead endpoints never delay another tenant's deliveries: a tenant holds at most its
// share of a worker's slots, a reserve is kept for tenants that hold little, and each endpoint has
// connections of its own — also on a host shared with endpoints that never answer. Had the
// healthy tenant to wait for a slot, it would wait for a dead request's 30 s timeout; these tests
// check that it is served while every dead request is still hanging. (How fast: `npm run bench`,
// fairness phase.)
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { post } from "../../helpers/api";
import { useLocalExecutor } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

// 16 slots per worker, 8 per tenant, 2 per endpoint: the reserve is the last 4 slots, open to
// tenants holding fewer than 2.
useLocalExecutor({ concurrency: 16, perTenant: 8, perEndpoint: 2, schedule: "0s,300ms,300ms" });

let admin: string;
const receivers: Receiver[] = [];
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "neighbour.happened");
});
afterEach(async () => {
  // Hanging requests end (connection reset) and their endpoints' retries are refused.
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(hang: boolean): Promise<Receiver> {
  const r = await startReceiver();
  if (hang) r.respond(() => ({ status: 200, delayMs: 120_000 }));
  receivers.push(r);
  return r;
}

async function tenantWithEndpoints(name: string, urls: string[]): Promise<TestTenant> {
  const tenant = await createTenantWithKey(admin, name);
  for (const url of urls) {
    const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url, timeoutMs: 30_000 }, tenant.key);
    expect(res.status).toBe(201);
  }
  return tenant;
}

async function publish(tenant: TestTenant, count: number): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "neighbour.happened", payload: { i } }, tenant.key);
    expect(res.status).toBe(202);
  }
  return started;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes `count` messages for the healthy tenant and expects them all at `to` (`path`) while
 * the dead endpoints' requests still hang: no slot had to be freed by a timeout. */
async function servedWhileOthersHang(healthy: TestTenant, to: Receiver, path: string, count: number, hanging: () => number): Promise<void> {
  const hangingBefore = hanging();
  await publish(healthy, count);
  const deadline = Date.now() + 15_000;
  while (to.requests.filter((r) => r.path === path).length < count && Date.now() < deadline) await sleep(20);
  expect(to.requests.filter((r) => r.path === path)).toHaveLength(count);
  expect(hanging()).toBe(hangingBefore);
}

/** Deliveries of a tenant in flight right now (leased, sending). */
const inFlight = (tenantId: string) => db().delivery.count({ where: { tenantId, sendingSince: { not: null } } });

describe("noisy neighbours", () => {
  it("a tenant whose endpoints never answer holds at most its share; another tenant's deliveries go through at once", async () => {
    const hanging = await receiver(true);
    const noisy = await tenantWithEndpoints("Noisy", Array.from({ length: 6 }, (_, i) => hanging.url.replace("/hook", `/dead-${i}`)));
    await publish(noisy, 10); // 60 deliveries, each of which would hang for 30 s
    await hanging.waitFor(8, 10_000);
    await sleep(500);
    expect(hanging.requests).toHaveLength(8); // its per-tenant share, not more
    expect(await inFlight(noisy.id)).toBe(8);

    const healthyReceiver = await receiver(false);
    const healthy = await tenantWithEndpoints("Healthy", [healthyReceiver.url]);
    await servedWhileOthersHang(healthy, healthyReceiver, "/hook", 10, () => hanging.requests.length);
    expect(await inFlight(noisy.id)).toBe(8);
  });

  it("several tenants with dead endpoints cannot take the reserve: a newcomer still finds a slot", async () => {
    const hanging = await receiver(true);
    // Three tenants each wanting 8 slots (4 endpoints × 2): 24 > the 12 outside the reserve. A
    // tenant holding fewer than 2 slots is small and may use the reserve, so the last to arrive
    // takes 2 of its 4 (when the first two already hold the 12) — the other 2 stay for the newcomer.
    for (let t = 0; t < 3; t++) {
      const noisy = await tenantWithEndpoints(`Noisy ${t}`, Array.from({ length: 4 }, (_, i) => hanging.url.replace("/hook", `/dead-${t}-${i}`)));
      await publish(noisy, 5);
    }
    await hanging.waitFor(12, 10_000);
    await sleep(500);
    expect(hanging.requests.length).toBeLessThanOrEqual(14);

    const healthyReceiver = await receiver(false);
    const healthy = await tenantWithEndpoints("Newcomer", [healthyReceiver.url]);
    await servedWhileOthersHang(healthy, healthyReceiver, "/hook", 10, () => hanging.requests.length);
  });

  it("dead endpoints on the same host as a healthy one take none of its connections: no false timeouts", async () => {
    const shared = await receiver(false);
    shared.respond((req) => (req.path.startsWith("/dead") ? { status: 200, delayMs: 120_000 } : { status: 200 }));
    const noisy = await tenantWithEndpoints("Noisy, same host", Array.from({ length: 5 }, (_, i) => shared.url.replace("/hook", `/dead-${i}`)));
    await publish(noisy, 10);
    const dead = () => shared.requests.filter((r) => r.path.startsWith("/dead")).length;
    for (const deadline = Date.now() + 10_000; dead() < 8 && Date.now() < deadline; ) await sleep(20);
    await sleep(300);
    expect(dead()).toBe(8); // the noisy tenant's share, its connections all hanging on this host

    const healthy = await tenantWithEndpoints("Healthy, same host", [shared.url.replace("/hook", "/alive")]);
    await servedWhileOthersHang(healthy, shared, "/alive", 10, dead);
    const failed = await db().attempt.count({ where: { tenantId: healthy.id, succeeded: false } });
    expect(failed).toBe(0);
  });
});
