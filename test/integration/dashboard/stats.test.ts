// Stats from seeded Attempt rows: the endpoint health figures and the operator overview.
import { beforeAll, describe, expect, it } from "vitest";
import { get, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { newId } from "../../../lib/ids";

let admin: string;
let a: TestTenant;
let b: TestTenant;
let e1: string;
let e2: string;
let e3: string;

const MIN = 60_000;
const base = Math.floor(Date.now() / MIN) * MIN;
const m2 = new Date(base - 2 * MIN + 10_000);
const m1 = new Date(base - MIN + 10_000);

async function delivery(tenantId: string, endpointId: string, attempts: { at: Date; ms: number; ok: boolean }[]) {
  const message = await db().message.create({ data: { id: newId("message"), tenantId, eventType: "order.completed", payload: {} } });
  const d = await db().delivery.create({
    data: { id: newId("delivery"), tenantId, messageId: message.id, endpointId, eventType: "order.completed", status: attempts.at(-1)!.ok ? "succeeded" : "failed", attemptCount: attempts.length },
  });
  for (const [i, x] of attempts.entries()) {
    await db().attempt.create({
      data: {
        id: newId("attempt"),
        deliveryId: d.id,
        tenantId,
        endpointId,
        number: i + 1,
        trigger: "scheduled",
        url: "https://receiver.example.com",
        requestHeaders: {},
        responseStatus: x.ok ? 200 : 500,
        durationMs: x.ms,
        succeeded: x.ok,
        errorCategory: x.ok ? null : "http_status",
        startedAt: x.at,
      },
    });
  }
}

beforeAll(async () => {
  admin = await adminKey();
  a = await createTenantWithKey(admin, "Stats A");
  b = await createTenantWithKey(admin, "Stats B");
  e1 = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: "https://one.example.com/hooks" }, a.key)).body.id;
  e3 = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: "https://three.example.com/hooks" }, a.key)).body.id;
  e2 = (await post(`/api/v1/tenants/${b.id}/endpoints`, { url: "https://two.example.com/hooks" }, b.key)).body.id;

  await delivery(a.id, e1, [{ at: new Date(base - 2 * 3600_000), ms: 50, ok: true }]);
  await delivery(a.id, e1, [{ at: m2, ms: 100, ok: true }]);
  await delivery(a.id, e1, [{ at: m2, ms: 200, ok: true }]);
  await delivery(a.id, e1, [
    { at: m1, ms: 300, ok: false },
    { at: new Date(m1.getTime() + 20_000), ms: 400, ok: true },
  ]);
  await delivery(b.id, e2, [{ at: m1, ms: 1000, ok: false }]);
  await db().endpoint.update({ where: { id: e2 }, data: { failingSince: m1 } });
});

describe("endpoint stats", () => {
  it("computes success rate, deliveries and the last attempt per endpoint over 24 h", async () => {
    const res = await get(`/api/v1/tenants/${a.id}/endpoints/stats`, a.key);
    expect(res.status).toBe(200);
    expect(res.body.hours).toBe(24);
    // The window: the current minute and the 1,439 before it.
    const from = Date.parse(res.body.from);
    expect(from % MIN).toBe(0);
    expect(Date.now() - from).toBeGreaterThan(24 * 3600_000 - MIN);
    expect(Date.now() - from).toBeLessThanOrEqual(24 * 3600_000 + MIN);
    const byId = Object.fromEntries(res.body.data.map((s: { endpointId: string }) => [s.endpointId, s]));
    expect(Object.keys(byId).sort()).toEqual([e1, e3].sort());
    expect(byId[e1]).toEqual({
      endpointId: e1,
      attempts: 5,
      succeeded: 4,
      failed: 1,
      deliveries: 4,
      successRate: 0.8,
      lastAttemptAt: new Date(m1.getTime() + 20_000).toISOString(),
      lastSucceeded: true,
      // Every delivery ended succeeded, the one retried after a failure too: delivery success is
      // 100 % where attempt success is 80 %.
      deliveryOutcomes: { succeeded: 4, failed: 0, pending: 0, canceled: 0 },
      deliverySuccessRate: 1,
    });
    expect(byId[e3]).toMatchObject({ attempts: 0, deliveries: 0, successRate: null, deliverySuccessRate: null, lastAttemptAt: null, lastSucceeded: null });
  });

  it("gives an endpoint's last 24 hours hour by hour, inside the tenant only", async () => {
    const res = await get(`/api/v1/tenants/${a.id}/endpoints/${e1}/activity`, a.key);
    expect(res.status).toBe(200);
    const series = res.body.series as { hour: string; deliveries: number; succeeded: number; failed: number }[];
    expect(series).toHaveLength(24);
    expect(series[0].hour).toBe(res.body.from);
    expect(Date.parse(series[23].hour)).toBe(Math.floor(Date.now() / 3600_000) * 3600_000);
    const sum = (k: "deliveries" | "succeeded" | "failed") => series.reduce((n, p) => n + p[k], 0);
    expect({ deliveries: sum("deliveries"), succeeded: sum("succeeded"), failed: sum("failed") }).toEqual({ deliveries: 4, succeeded: 4, failed: 1 });
    expect(series.find((p) => p.hour === new Date(Math.floor((base - 2 * 3600_000) / 3600_000) * 3600_000).toISOString())).toMatchObject({ succeeded: 1, failed: 0 });
    expect((await get(`/api/v1/tenants/${a.id}/endpoints/${e2}/activity`, a.key)).status).toBe(404);
    expect((await get(`/api/v1/tenants/${b.id}/endpoints/${e2}/activity`, a.key)).status).toBe(404);
  });

  it("narrows the window and the endpoint, and stays inside the tenant", async () => {
    const hour = await get(`/api/v1/tenants/${a.id}/endpoints/stats?hours=1&endpointId=${e1}`, a.key);
    expect(hour.body.data).toEqual([expect.objectContaining({ endpointId: e1, attempts: 4, deliveries: 3, successRate: 0.75 })]);
    const foreign = await get(`/api/v1/tenants/${a.id}/endpoints/stats?endpointId=${e2}`, a.key);
    expect(foreign.body.data).toEqual([]);
    expect((await get(`/api/v1/tenants/${b.id}/endpoints/stats`, a.key)).status).toBe(404);
    expect((await get(`/api/v1/tenants/${a.id}/endpoints/stats?hours=0`, a.key)).status).toBe(422);
  });
});

describe("stats overview", () => {
  it("is for operator admins only", async () => {
    expect((await get("/api/v1/stats/overview", a.key)).status).toBe(403);
    expect((await get("/api/v1/stats/overview?minutes=100000", admin)).status).toBe(422);
  });

  it("computes per-minute outcomes, latency percentiles and failing endpoints", async () => {
    const res = await get("/api/v1/stats/overview?minutes=60", admin);
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.minutes).toBe(60);
    expect(o.stepMinutes).toBe(1);
    expect(o.totals).toEqual({ attempts: 5, succeeded: 3, failed: 2 });
    // Estimates from the duration histograms (exact percentile_cont over [100, 200, 300, 400,
    // 1000]: 300 and 880); test/integration/stats/latency-percentiles.test.ts bounds the error.
    expect(o.latency).toEqual({ p50: 350, p95: 969 });
    expect(o.series).toHaveLength(60);
    // The current minute (the test may have crossed into the next one since it seeded).
    expect(o.series.at(-1).minute).toBe(new Date(Math.floor(Date.parse(o.to) / MIN) * MIN).toISOString());
    const at = (d: Date) => o.series.find((p: { minute: string }) => p.minute === new Date(Math.floor(d.getTime() / MIN) * MIN).toISOString());
    // Exact: 150 and 195; 400.
    expect(at(m2)).toEqual({ minute: new Date(base - 2 * MIN).toISOString(), succeeded: 2, failed: 0, p50: 167, p95: 219 });
    expect(at(m1)).toMatchObject({ succeeded: 1, failed: 2, p50: 450 });
    expect(o.series.filter((p: { succeeded: number; failed: number }) => p.succeeded + p.failed > 0)).toHaveLength(2);
    expect(o.failingEndpoints).toEqual([
      {
        id: e2,
        tenantId: b.id,
        tenantName: "Stats B",
        url: "https://two.example.com/hooks",
        disabled: false,
        disabledReason: null,
        failingSince: m1.toISOString(),
        failedAttempts: 1,
      },
    ]);
  });
});
