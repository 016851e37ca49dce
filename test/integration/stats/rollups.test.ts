// The attempt rollups against the attempts themselves. Attempts over the last 31 days are inserted
// as a recorder does — multi-row statements of 1 to 128 rows, in shuffled order, from three
// connections at once — and then every stats answer (endpoint health, the overview for 1 hour to
// 7 days, failing endpoints) must equal what the Attempt rows say for the same window.
import { firstIdAt } from "../../../lib/ids";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { del, get, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { rollupDifferences } from "../../helpers/rollups";
import { db } from "../../../lib/db/client";
import { tenantScope } from "../../../lib/db/tenant-scope";
import { newId } from "../../../lib/ids";
import { endpointStats, endpointStatsWindowStart } from "../../../lib/stats/endpoint-stats";
import { histogramOf, percentileOf } from "../../helpers/duration-histogram";
import { overviewWindow, statsOverview } from "../../../lib/stats/overview";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Half a minute into the current minute, so windows ending "now" have a partial last minute.
const NOW = new Date(Math.floor(Date.now() / MIN) * MIN + 30_000);

interface SeedAttempt {
  id: string;
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  number: number;
  durationMs: number;
  succeeded: boolean;
  startedAt: Date;
}

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(2026);


let admin: string;
let a: TestTenant;
let b: TestTenant;
const endpoints: { id: string; tenantId: string }[] = [];
const seeds: SeedAttempt[] = [];
const usedTimes = new Set<string>();

async function newEndpoint(t: TestTenant, url: string) {
  const res = await post(`/api/v1/tenants/${t.id}/endpoints`, { url }, t.key);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, tenantId: t.id };
}

/** A finished delivery (the executor has nothing to do with it) and its attempts' seeds. */
async function seedDelivery(endpoint: { id: string; tenantId: string }, times: Date[], lastSucceeds: boolean) {
  const message = await db().message.create({ data: { id: newId("message"), tenantId: endpoint.tenantId, eventType: "order.completed", payload: {} } });
  const delivery = await db().delivery.create({
    data: {
      id: newId("delivery"),
      tenantId: endpoint.tenantId,
      messageId: message.id,
      endpointId: endpoint.id,
      eventType: "order.completed",
      status: lastSucceeds ? "succeeded" : "failed",
      attemptCount: times.length,
    },
  });
  times.forEach((at, i) => {
    // One attempt per endpoint per millisecond: "the latest attempt" is then unambiguous.
    while (usedTimes.has(`${endpoint.id} ${at.getTime()}`)) at = new Date(at.getTime() - 1);
    usedTimes.add(`${endpoint.id} ${at.getTime()}`);
    seeds.push({
      id: newId("attempt"),
      deliveryId: delivery.id,
      tenantId: endpoint.tenantId,
      endpointId: endpoint.id,
      number: i + 1,
      // Log-uniform from 0 ms to ~40 s: every bucket, including the open last one.
      durationMs: Math.floor(Math.exp(random() * Math.log(40_000))) - 1,
      succeeded: i === times.length - 1 && lastSucceeds,
      startedAt: at,
    });
  });
}

/** Inserts the seeds as a recorder would: shuffled, 1–128 rows a statement, three connections. */
async function recordAll(rows: SeedAttempt[]) {
  const shuffled = [...rows].sort(() => random() - 0.5);
  const batches: SeedAttempt[][] = [];
  for (let i = 0; i < shuffled.length; ) {
    const n = 1 + Math.floor(random() * 128);
    batches.push(shuffled.slice(i, i + n));
    i += n;
  }
  const clients = await Promise.all([0, 1, 2].map(async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    return c;
  }));
  try {
    await Promise.all(
      clients.map(async (c, k) => {
        for (const batch of batches.filter((_, i) => i % clients.length === k)) {
          const col = <T>(f: (s: SeedAttempt) => T) => batch.map(f);
          await c.query(
            `INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders", "durationMs", succeeded, "startedAt")
             SELECT t.id, t.delivery, t.tenant, t.endpoint, t.number, 'scheduled', 'https://receiver.example.com', '{}', t.duration, t.ok, t.started
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::boolean[], $8::timestamp[])
               AS t(id, delivery, tenant, endpoint, number, duration, ok, started)`,
            [col((s) => s.id), col((s) => s.deliveryId), col((s) => s.tenantId), col((s) => s.endpointId), col((s) => s.number), col((s) => s.durationMs), col((s) => s.succeeded), col((s) => s.startedAt.toISOString())],
          );
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** What the Attempt rows say about an endpoint since `from`. */
async function rawEndpoint(endpointId: string, from: Date) {
  const [w] = await db().$queryRaw<{ attempts: number; succeeded: number; first: number }[]>`
    SELECT count(*)::int AS attempts, (count(*) FILTER (WHERE succeeded))::int AS succeeded, (count(*) FILTER (WHERE number = 1))::int AS first
    FROM "Attempt" WHERE "endpointId" = ${endpointId} AND "startedAt" >= ${from}`;
  const [last] = await db().$queryRaw<{ startedAt: Date; succeeded: boolean }[]>`
    SELECT "startedAt", succeeded FROM "Attempt" WHERE "endpointId" = ${endpointId} ORDER BY "startedAt" DESC LIMIT 1`;
  const outcomes = await db().delivery.groupBy({ by: ["status"], where: { endpointId, id: { gte: firstIdAt("delivery", from.getTime()) } }, _count: true });
  const count = (status: string) => outcomes.find((o) => o.status === status)?._count ?? 0;
  const deliveryOutcomes = { succeeded: count("succeeded"), failed: count("failed"), pending: count("pending"), canceled: count("canceled") };
  const finished = deliveryOutcomes.succeeded + deliveryOutcomes.failed;
  return {
    endpointId,
    attempts: w.attempts,
    succeeded: w.succeeded,
    failed: w.attempts - w.succeeded,
    deliveries: w.first,
    successRate: w.attempts ? w.succeeded / w.attempts : null,
    lastAttemptAt: last?.startedAt.toISOString() ?? null,
    lastSucceeded: last?.succeeded ?? null,
    deliveryOutcomes,
    deliverySuccessRate: finished ? deliveryOutcomes.succeeded / finished : null,
  };
}

beforeAll(async () => {
  admin = await adminKey();
  a = await createTenantWithKey(admin, "Rollups A");
  b = await createTenantWithKey(admin, "Rollups B");
  endpoints.push(await newEndpoint(a, "https://one.example.com/hooks"), await newEndpoint(a, "https://two.example.com/hooks"), await newEndpoint(b, "https://three.example.com/hooks"));
  for (const endpoint of endpoints) {
    for (let d = 0; d < 40; d++) {
      // Mostly the last 8 days, some 25–31 days ago (the 30-day window's edge).
      const start = NOW.getTime() - 1000 - (d % 8 === 0 ? 25 * DAY + random() * 6 * DAY : random() * 8 * DAY);
      const attempts = 1 + Math.floor(random() * 4);
      const times = Array.from({ length: attempts }, (_, i) => new Date(Math.min(start + i * random() * 2 * HOUR, NOW.getTime() - 1000)));
      await seedDelivery(endpoint, times.sort((x, y) => x.getTime() - y.getTime()), random() < 0.8);
    }
  }
  // First attempts exactly on the edges of the windows tested below, and a millisecond before.
  const edges = [
    ...[1, 2, 24, 25, 72, 720].map((h) => endpointStatsWindowStart(h, NOW)),
    ...[60, 1440, 10080].map((m) => overviewWindow(m, NOW).from),
  ];
  for (const edge of edges) {
    await seedDelivery(endpoints[0], [edge], true);
    await seedDelivery(endpoints[0], [new Date(edge.getTime() - 1)], false);
  }
  await recordAll(seeds);
  // An endpoint in a run of failures, for the overview's list.
  await db().endpoint.update({ where: { id: endpoints[2].id }, data: { failingSince: new Date(NOW.getTime() - 3 * DAY) } });
});

describe("the rollup tables", () => {
  it("hold, per minute, hour and day, exactly the counts of the Attempt rows", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(await rollupDifferences(client, NOW)).toEqual({ overall: 0, endpoints: 0 });
    } finally {
      await client.end();
    }
    expect(await db().attemptStats.count()).toBeGreaterThan(0);
  });
});

describe("endpoint stats", () => {
  it.each([1, 2, 24, 25, 72, 720])("over %i hours equal the attempts since the window's start", async (hours) => {
    const from = endpointStatsWindowStart(hours, NOW);
    // Whole minutes up to a day: the current one and those before; whole hours beyond.
    const unit = hours <= 24 ? MIN : HOUR;
    expect(from.getTime() % unit).toBe(0);
    expect(NOW.getTime() - from.getTime()).toBeGreaterThan(hours * HOUR - unit);
    expect(NOW.getTime() - from.getTime()).toBeLessThanOrEqual(hours * HOUR);
    const a1 = await endpointStats(tenantScope(a.id), { hours, now: NOW });
    expect(a1.from).toBe(from.toISOString());
    const expected = await Promise.all([endpoints[1], endpoints[0]].map((e) => rawEndpoint(e.id, from)));
    expect([...a1.data].sort((x, y) => x.endpointId.localeCompare(y.endpointId))).toEqual(expected.sort((x, y) => x.endpointId.localeCompare(y.endpointId)));
    expect((await endpointStats(tenantScope(b.id), { hours, now: NOW })).data).toEqual([await rawEndpoint(endpoints[2].id, from)]);
  });

  it("answer the same through the API, for the window the answer names", async () => {
    const res = await get(`/api/v1/tenants/${a.id}/endpoints/stats?hours=24&endpointId=${endpoints[0].id}`, a.key);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([await rawEndpoint(endpoints[0].id, new Date(res.body.from))]);
  });
});

describe("the overview", () => {
  it.each([60, 90, 1440, 2000, 10080])("over %i minutes equals the attempts per point, with percentiles from their durations", async (minutes) => {
    const o = await statsOverview(db(), { minutes, now: NOW });
    const step = o.stepMinutes * MIN;
    expect(o.stepMinutes).toBe(minutes <= 1440 ? 1 : 60);
    expect(o.series).toHaveLength(Math.ceil(minutes / o.stepMinutes));
    const from = new Date(o.from).getTime();
    const inWindow = seeds.filter((s) => s.startedAt.getTime() >= from && s.startedAt <= NOW);
    const durations = (rows: SeedAttempt[]) => histogramOf(rows.map((r) => r.durationMs));
    // The seeds are what was inserted; check them against the table once, so "raw" means the rows.
    const [{ n }] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Attempt" WHERE "startedAt" >= ${new Date(from)} AND "startedAt" <= ${NOW}`;
    expect(n).toBe(inWindow.length);
    for (const point of o.series) {
      const t = Date.parse(point.minute);
      const rows = inWindow.filter((s) => s.startedAt.getTime() >= t && s.startedAt.getTime() < t + step);
      expect(point, point.minute).toEqual({
        minute: point.minute,
        succeeded: rows.filter((r) => r.succeeded).length,
        failed: rows.filter((r) => !r.succeeded).length,
        p50: percentileOf(durations(rows), 0.5),
        p95: percentileOf(durations(rows), 0.95),
      });
    }
    expect(o.totals).toEqual({ attempts: inWindow.length, succeeded: inWindow.filter((r) => r.succeeded).length, failed: inWindow.filter((r) => !r.succeeded).length });
    expect(o.latency).toEqual({ p50: percentileOf(durations(inWindow), 0.5), p95: percentileOf(durations(inWindow), 0.95) });
    expect(o.failingEndpoints).toEqual([
      expect.objectContaining({ id: endpoints[2].id, failedAttempts: inWindow.filter((r) => r.endpointId === endpoints[2].id && !r.succeeded).length }),
    ]);
  });

  it("accepts 7 days through the API and refuses more", async () => {
    const week = await get("/api/v1/stats/overview?minutes=10080", admin);
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({ minutes: 10080, stepMinutes: 60 });
    expect(week.body.series).toHaveLength(168);
    expect(week.body.totals.attempts).toBe(seeds.filter((s) => s.startedAt.getTime() >= Date.parse(week.body.from)).length);
    expect((await get("/api/v1/stats/overview?minutes=10081", admin)).status).toBe(422);
  });
});

describe("upkeep", () => {
  it("drops minute rows older than 26 hours when an hour starts, an endpoint's hour rows older than 32 days when a day starts", async () => {
    const endpoint = await newEndpoint(a, "https://four.example.com/hooks");
    const rows = (period: "minute" | "hour" | "day") => db().endpointAttemptStats.count({ where: { endpointId: endpoint.id, period } });
    const overallMinutesBefore = (t: number) => db().attemptStats.count({ where: { period: "minute", at: { lt: new Date(t - 26 * HOUR) } } });
    const before = seeds.length;
    await seedDelivery(endpoint, [new Date(NOW.getTime() - 40 * DAY)], true);
    await recordAll(seeds.slice(before));
    expect([await rows("minute"), await rows("hour"), await rows("day")]).toEqual([1, 1, 1]);

    // The first attempt of an hour that had none yet (overall), a new hour and day for the endpoint.
    const taken = new Set((await db().attemptStats.findMany({ where: { period: "hour" }, select: { at: true } })).map((r) => r.at.getTime()));
    let hour = Math.floor(NOW.getTime() / HOUR) * HOUR - 2 * DAY;
    while (taken.has(hour)) hour -= HOUR;
    expect(await overallMinutesBefore(hour)).toBeGreaterThan(0);
    await seedDelivery(endpoint, [new Date(hour + 1234)], true);
    await recordAll(seeds.slice(before + 1));
    expect([await rows("minute"), await rows("hour"), await rows("day")]).toEqual([1, 1, 2]);
    expect(await overallMinutesBefore(hour)).toBe(0);
    // The 40-day-old attempt still counts where day rows answer: the latest attempt, 30-day windows.
    const stats = await endpointStats(tenantScope(a.id), { hours: 720, endpointId: endpoint.id, now: NOW });
    expect(stats.data[0]).toMatchObject({ attempts: 1, lastAttemptAt: new Date(hour + 1234).toISOString(), lastSucceeded: true });
  });

  it("forgets a deleted endpoint's rollups and keeps the overall history", async () => {
    const overall = await db().attemptStats.aggregate({ _sum: { attempts: true } });
    expect((await del(`/api/v1/tenants/${a.id}/endpoints/${endpoints[1].id}`, a.key)).status).toBe(204);
    expect(await db().endpointAttemptStats.count({ where: { endpointId: endpoints[1].id } })).toBe(0);
    expect(await db().endpointAttemptStats.count({ where: { endpointId: endpoints[0].id } })).toBeGreaterThan(0);
    expect(await db().attemptStats.aggregate({ _sum: { attempts: true } })).toEqual(overall);
  });
});
