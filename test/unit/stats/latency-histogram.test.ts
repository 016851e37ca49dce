// Percentiles from duration histograms: how far they can be from the exact ones.
import { describe, expect, it } from "vitest";
import { DURATION_FLOORS_MS, emptyHistogram, histogramPercentile, type DurationHistogram } from "../../../lib/stats/latency-histogram";

const floorOf = (ms: number) => [...DURATION_FLOORS_MS].reverse().find((f) => f <= ms)!;
const topOf = (ms: number) => {
  const i = DURATION_FLOORS_MS.indexOf(floorOf(ms) as (typeof DURATION_FLOORS_MS)[number]);
  return i + 1 < DURATION_FLOORS_MS.length ? DURATION_FLOORS_MS[i + 1] - 1 : DURATION_FLOORS_MS[i];
};

function histogramOf(durations: number[]): DurationHistogram {
  const h = emptyHistogram();
  for (const d of durations) h[DURATION_FLOORS_MS.indexOf(floorOf(d) as (typeof DURATION_FLOORS_MS)[number])]++;
  return h;
}

/** percentile_cont, as PostgreSQL computes it. */
function exact(durations: number[], p: number): number {
  const s = [...durations].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  return lo === rank ? s[lo] : s[lo] + (rank - lo) * (s[lo + 1] - s[lo]);
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

describe("histogramPercentile", () => {
  it("is null without attempts", () => {
    expect(histogramPercentile(emptyHistogram(), 0.5)).toBeNull();
    expect(histogramPercentile([], 0.95)).toBeNull();
  });

  it("is exact where every bucket holds a single duration (0–5 ms)", () => {
    const durations = [0, 1, 1, 2, 3, 3, 3, 4, 5, 5];
    for (const p of [0, 0.25, 0.5, 0.9, 0.95, 1]) expect(histogramPercentile(histogramOf(durations), p)).toBe(Math.round(exact(durations, p)));
  });

  it("stays between the buckets of the order statistics around the exact percentile", () => {
    const random = rng(42);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(random() * 300);
      // Log-uniform durations from 0 ms to ~40 s, the range the buckets cover and past it.
      const durations = Array.from({ length: n }, () => Math.floor(Math.exp(random() * Math.log(40_000))) - 1);
      const sorted = [...durations].sort((a, b) => a - b);
      for (const p of [0.5, 0.95]) {
        const rank = p * (n - 1);
        const low = floorOf(sorted[Math.floor(rank)]);
        const high = topOf(sorted[Math.ceil(rank)]);
        const estimate = histogramPercentile(histogramOf(durations), p)!;
        expect(estimate, `p${p * 100} of ${n} durations, exact ${exact(durations, p)}`).toBeGreaterThanOrEqual(low);
        expect(estimate).toBeLessThanOrEqual(high);
      }
    }
  });

  it("is within a third of the exact value for a realistic spread of latencies", () => {
    const random = rng(7);
    // 2,000 attempts: mostly 20–200 ms, 3 % slow ones of 1–5 s (as in the scale bench).
    const durations = Array.from({ length: 2000 }, () => (random() < 0.03 ? 1000 + Math.floor(random() * 4000) : 20 + Math.floor(random() * 180)));
    for (const p of [0.5, 0.95]) {
      const estimate = histogramPercentile(histogramOf(durations), p)!;
      expect(Math.abs(estimate - exact(durations, p)) / exact(durations, p)).toBeLessThan(1 / 3);
    }
  });
});
