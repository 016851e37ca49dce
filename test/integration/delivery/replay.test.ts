// Bulk replay: by status, event type and time — including messages the endpoint never got while it
// was disabled — with a dry run, a pace, progress, idempotency and cancel; delivered by the local
// executor to a real receiver.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { get, patch, post } from "../../helpers/api";
import { useLocalExecutor } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ schedule: "0s,100ms,100ms", concurrency: 16, perEndpoint: 4 });

let admin: string;
let receiver: Receiver;
/** Paths the receiver answers 500 on. */
const failing = new Set<string>();
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "invoice.paid", "invoice.voided");
  receiver = await startReceiver();
  receiver.respond((req) => ({ status: failing.has(req.path) ? 500 : 200 }));
  return () => receiver.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (path: string) => receiver.requests.filter((r) => r.path === path);

async function until<T>(check: () => Promise<T | false> | T | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

async function setup(name: string, path: string, body: Record<string, unknown> = {}) {
  const tenant = await createTenantWithKey(admin, name);
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path), ...body }, tenant.key);
  expect(res.status).toBe(201);
  return { tenant, endpointId: res.body.id as string, base: `/api/v1/tenants/${tenant.id}/endpoints/${res.body.id}` };
}

async function publish(tenant: TestTenant, eventType: string, n: number): Promise<string> {
  const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType, payload: { n } }, tenant.key);
  expect(res.status).toBe(202);
  return res.body.id;
}

const settled = (tenant: TestTenant) => async () =>
  (await db().delivery.count({ where: { tenantId: tenant.id, status: "pending" } })) === 0;

describe("bulk replay", () => {
  it("dry run counts failed deliveries and missed messages, changing nothing; the replay then delivers them paced, with progress, once", async () => {
    const { tenant, base } = await setup("Replay", "/replay");
    const since = new Date(Date.now() - 1000).toISOString();
    failing.add("/replay");
    const failed = [await publish(tenant, "invoice.paid", 1), await publish(tenant, "invoice.voided", 2), await publish(tenant, "invoice.paid", 3)];
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "failed" } })) === 3);
    failing.delete("/replay");
    const ok = await publish(tenant, "invoice.paid", 4);
    await until(settled(tenant));
    // Disabled: two messages skip it.
    await patch(base, { disabled: true }, tenant.key);
    const missed = [await publish(tenant, "invoice.paid", 5), await publish(tenant, "invoice.voided", 6)];
    await patch(base, { disabled: false }, tenant.key);
    const before = at("/replay").length;

    const filter = { statuses: ["failed", "missing"], since };
    const dry = await post(`${base}/replays`, { ...filter, dryRun: true, ratePerSecond: 2 }, tenant.key);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ dryRun: true, total: 5, redeliveries: 3, missing: 2, byStatus: { succeeded: 0, failed: 3, canceled: 0, missing: 2 }, limit: 50_000, estimatedSeconds: 2 });
    const typed = await post(`${base}/replays`, { ...filter, eventTypes: ["invoice.voided"], dryRun: true }, tenant.key);
    expect(typed.body).toMatchObject({ total: 2, redeliveries: 1, missing: 1 });
    const withSucceeded = await post(`${base}/replays`, { statuses: ["succeeded"], since, dryRun: true }, tenant.key);
    expect(withSucceeded.body.total).toBe(1);
    await sleep(300);
    expect(at("/replay").length).toBe(before);
    expect(await db().delivery.count({ where: { tenantId: tenant.id } })).toBe(4);

    const started = await post(`${base}/replays`, { ...filter, ratePerSecond: 2, idempotencyKey: "fix-1" }, tenant.key);
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({ status: "running", total: 5, redeliveries: 3, missing: 2, ratePerSecond: 2 });
    expect(started.body.id).toMatch(/^rpl_/);
    // Asked twice: the same replay, nothing new; another replay while it runs: 409.
    const again = await post(`${base}/replays`, { ...filter, ratePerSecond: 2, idempotencyKey: "fix-1" }, tenant.key);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(started.body.id);
    const other = await post(`${base}/replays`, filter, tenant.key);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(started.body.id);

    const done = await until(async () => {
      const r = (await get(`${base}/replays/${started.body.id}`, tenant.key)).body;
      return r.status === "completed" && r;
    });
    expect(done.progress).toEqual({ attempted: 5, succeeded: 5, failed: 0, canceled: 0, pending: 0 });
    expect(done.finishedAt).not.toBeNull();
    const replayed = at("/replay").slice(before);
    // Once each, in publish order, paced: 5 slots at 2/s span 2 s.
    expect(replayed.map((r) => r.headers["webhook-id"])).toEqual([...failed, ...missed]);
    expect(replayed.at(-1)!.at - replayed[0].at).toBeGreaterThanOrEqual(1_800);
    expect(replayed.filter((r) => r.at - replayed[0].at < 900).length).toBeLessThanOrEqual(2);
    expect(replayed.map((r) => r.headers["webhook-id"])).not.toContain(ok);
    // The failed deliveries got one more attempt (manual); the missed messages a delivery each.
    const list = (await get(`/api/v1/tenants/${tenant.id}/deliveries?limit=250`, tenant.key)).body.data;
    expect(list).toHaveLength(6);
    expect(list.every((d: { status: string }) => d.status === "succeeded")).toBe(true);
    const first = (await get(`/api/v1/tenants/${tenant.id}/deliveries/${list.find((d: { messageId: string }) => d.messageId === failed[0]).id}`, tenant.key)).body;
    expect(first.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(["scheduled", "scheduled", "scheduled", "manual"]);
    // Once finished, the same key still answers with it; a fresh replay finds nothing left.
    expect((await post(`${base}/replays`, { ...filter, idempotencyKey: "fix-1" }, tenant.key)).body.id).toBe(started.body.id);
    const nothing = await post(`${base}/replays`, filter, tenant.key);
    expect(nothing.status).toBe(422);
    expect((await get(`${base}/replays`, tenant.key)).body.data.map((r: { id: string }) => r.id)).toEqual([started.body.id]);
  });

  it("an ordered endpoint gets the replayed messages in publish order, one at a time, missed ones in their place", async () => {
    const { tenant, base } = await setup("Replay ordered", "/replay-ordered", { ordered: true });
    const since = new Date(Date.now() - 1000).toISOString();
    failing.add("/replay-ordered");
    const m1 = await publish(tenant, "invoice.paid", 1);
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "failed" } })) === 1);
    await patch(base, { disabled: true }, tenant.key);
    const m2 = await publish(tenant, "invoice.paid", 2);
    await patch(base, { disabled: false }, tenant.key);
    const m3 = await publish(tenant, "invoice.paid", 3);
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "failed" } })) === 2);
    failing.delete("/replay-ordered");
    let inFlight = 0;
    let most = 0;
    receiver.respond(async (req) => {
      if (req.path !== "/replay-ordered") return { status: failing.has(req.path) ? 500 : 200 };
      most = Math.max(most, ++inFlight);
      await sleep(100);
      inFlight--;
      return { status: 200 };
    });
    const before = at("/replay-ordered").length;
    const started = await post(`${base}/replays`, { statuses: ["failed", "missing"], since, ratePerSecond: 100 }, tenant.key);
    expect(started.status, started.text).toBe(202);
    expect(started.body.total).toBe(3);
    await until(async () => (await get(`${base}/replays/${started.body.id}`, tenant.key)).body.status === "completed");
    expect(at("/replay-ordered").slice(before).map((r) => r.headers["webhook-id"])).toEqual([m1, m2, m3]);
    expect(most).toBe(1);
    receiver.respond((req) => ({ status: failing.has(req.path) ? 500 : 200 }));
  });

  it("cancel puts back what was not attempted yet; nothing more is sent", async () => {
    const { tenant, base } = await setup("Replay canceled", "/replay-cancel");
    const since = new Date(Date.now() - 1000).toISOString();
    failing.add("/replay-cancel");
    for (let n = 0; n < 4; n++) await publish(tenant, "invoice.paid", n);
    await until(async () => (await db().delivery.count({ where: { tenantId: tenant.id, status: "failed" } })) === 4);
    failing.delete("/replay-cancel");
    const before = at("/replay-cancel").length;
    const started = await post(`${base}/replays`, { statuses: ["failed"], since, ratePerSecond: 0.5 }, tenant.key);
    expect(started.status).toBe(202);
    // The first one sent and recorded (a receipt comes a moment before its record, which may
    // wait up to RECORD_LINGER_MS for company): the operator's progress bar says 1 attempted.
    await until(async () => (await get(`${base}/replays/${started.body.id}`, tenant.key)).body.progress.attempted === 1);
    const canceled = await post(`${base}/replays/${started.body.id}/cancel`, {}, tenant.key);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: "canceled", progress: { attempted: 1, succeeded: 1, failed: 3, pending: 0 } });
    await sleep(2_500);
    expect(at("/replay-cancel").length).toBe(before + 1);
    expect(await db().delivery.count({ where: { tenantId: tenant.id, status: "failed", nextAttemptAt: null } })).toBe(3);
    // Canceling again changes nothing.
    expect((await post(`${base}/replays/${started.body.id}/cancel`, {}, tenant.key)).body.status).toBe("canceled");
  });

  it("answers bad input with 4xx and keeps tenants apart", async () => {
    const { tenant, base } = await setup("Replay input", "/replay-input");
    const since = new Date(Date.now() - 60_000).toISOString();
    const bad: [Record<string, unknown>, number][] = [
      [{}, 422],
      [{ since, statuses: [] }, 422],
      [{ since, statuses: ["pending"] }, 422],
      [{ since, until: new Date(Date.now() - 120_000).toISOString() }, 422],
      [{ since, ratePerSecond: 0 }, 422],
      [{ since, ratePerSecond: 5000 }, 422],
      [{ since: "yesterday" }, 422],
      [{ since, nope: 1 }, 422],
    ];
    for (const [body, status] of bad) expect((await post(`${base}/replays`, body, tenant.key)).status, JSON.stringify(body)).toBe(status);
    const other = await createTenantWithKey(admin, "Other");
    expect((await post(`/api/v1/tenants/${other.id}/endpoints/${base.split("/").at(-1)}/replays`, { since, dryRun: true }, other.key)).status).toBe(404);
    expect((await get(`${base}/replays/rpl_nope`, tenant.key)).status).toBe(404);
    const viewer = await post(`/api/v1/tenants/${tenant.id}/api-keys`, { name: "viewer", role: "viewer" }, admin);
    expect((await post(`${base}/replays`, { since, dryRun: true }, viewer.body.key)).status).toBe(403);
    expect((await get(`${base}/replays`, viewer.body.key)).status).toBe(200);
    await patch(base, { disabled: true }, tenant.key);
    expect((await post(`${base}/replays`, { since, statuses: ["missing"] }, tenant.key)).status).toBe(409);
  });
});
