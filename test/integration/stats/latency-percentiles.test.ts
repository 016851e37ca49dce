// Percentiles from the rollups' duration histograms (SQL: hookyard_duration_histogram and
// hookyard_histogram_percentiles): how far they can be from the exact ones, and that the SQL
// agrees with an independent TypeScript version of the same estimate.
import { describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { bucketOf, bucketTop, DURATION_FLOORS_MS, exactPercentile, histogramOf, percentileOf } from "../../helpers/duration-histogram";

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Histograms and percentiles of many samples at once, computed by PostgreSQL. */
async function sqlPercentiles(samples: number[][]) {
  return db().$queryRaw<{ i: number; histogram: number[]; p50: number | null; p95: number | null }[]>`
    SELECT i::int, h AS histogram, q[1] AS p50, q[2] AS p95
    FROM (SELECT i, h, hookyard_histogram_percentiles(h, '{0.5,0.95}') AS q FROM (SELECT i, hookyard_duration_histogram(coalesce(array_agg(d) FILTER (WHERE d IS NOT NULL), '{}')) AS h
          FROM jsonb_array_elements(${JSON.stringify(samples)}::jsonb) WITH ORDINALITY AS s(sample, i)
          LEFT JOIN LATERAL jsonb_array_elements_text(s.sample) AS e(v) ON true
          CROSS JOIN LATERAL (SELECT e.v::int AS d) x
          GROUP BY i) hs) ps
    ORDER BY i`;
}

describe("duration histograms", () => {
  it("put each duration in the bucket of the largest floor at or below it", async () => {
    const probes = [...DURATION_FLOORS_MS.flatMap((f) => [f, f + 1, Math.max(0, f - 1)]), 45_000, 2_000_000, -3];
    const [row] = await sqlPercentiles([probes]);
    expect(row.histogram).toEqual(histogramOf(probes));
    const buckets = await db().$queryRaw<{ ms: number; bucket: number }[]>`SELECT ms, hookyard_duration_bucket(ms) AS bucket FROM unnest(${probes}::int[]) ms`;
    for (const { ms, bucket } of buckets) expect(bucket - 1, `${ms} ms`).toBe(bucketOf(ms));
  });

  it("are empty, and have no percentiles, without attempts", async () => {
    const [{ histogram, p50, p95 }] = await sqlPercentiles([[]]);
    expect({ histogram, p50, p95 }).toEqual({ histogram: DURATION_FLOORS_MS.map(() => 0), p50: null, p95: null });
  });

  it("give exact percentiles where every bucket holds a single duration (0–5 ms)", async () => {
    const durations = [0, 1, 1, 2, 3, 3, 3, 4, 5, 5];
    const [row] = await sqlPercentiles([durations]);
    expect(row.p50).toBe(Math.round(exactPercentile(durations, 0.5)));
    expect(row.p95).toBe(Math.round(exactPercentile(durations, 0.95)));
  });

  it("give percentiles between the buckets of the durations around the exact one, as the TypeScript estimate does", async () => {
    const random = rng(42);
    const samples = Array.from({ length: 200 }, () => {
      const n = 1 + Math.floor(random() * 300);
      // Log-uniform from 0 ms to ~40 s: every bucket, including the open last one.
      return Array.from({ length: n }, () => Math.floor(Math.exp(random() * Math.log(40_000))) - 1);
    });
    const rows = await sqlPercentiles(samples);
    samples.forEach((durations, s) => {
      const sorted = [...durations].sort((x, y) => x - y);
      for (const [p, estimate] of [[0.5, rows[s].p50], [0.95, rows[s].p95]] as const) {
        const rank = p * (durations.length - 1);
        const context = `sample ${s}, p${p * 100} of ${durations.length}, exact ${exactPercentile(durations, p)}`;
        expect(estimate, context).toBe(percentileOf(histogramOf(durations), p));
        expect(estimate!, context).toBeGreaterThanOrEqual(DURATION_FLOORS_MS[bucketOf(sorted[Math.floor(rank)])]);
        expect(estimate!, context).toBeLessThanOrEqual(bucketTop(bucketOf(sorted[Math.ceil(rank)])));
      }
    });
  });

  it("are within a third of the exact value for a realistic spread of latencies", async () => {
    const random = rng(7);
    // 2,000 attempts: mostly 20–200 ms, 3 % slow ones of 1–5 s (as in the scale bench).
    const durations = Array.from({ length: 2000 }, () => (random() < 0.03 ? 1000 + Math.floor(random() * 4000) : 20 + Math.floor(random() * 180)));
    const [row] = await sqlPercentiles([durations]);
    expect(Math.abs(row.p50! - exactPercentile(durations, 0.5)) / exactPercentile(durations, 0.5)).toBeLessThan(1 / 3);
    expect(Math.abs(row.p95! - exactPercentile(durations, 0.95)) / exactPercentile(durations, 0.95)).toBeLessThan(1 / 3);
  });
});
