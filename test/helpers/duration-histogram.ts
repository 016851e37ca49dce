// The rollups' duration histograms (migration 20261130090231_attempt_rollups:
// hookyard_duration_floors, hookyard_duration_histogram, hookyard_histogram_percentiles) written
// again in TypeScript, independently, for the tests to check the SQL against.
export const DURATION_FLOORS_MS = [
  0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200,
  1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000, 25000, 30000,
];

/** The index of the largest floor ≤ ms. */
export const bucketOf = (ms: number): number => DURATION_FLOORS_MS.findLastIndex((f) => f <= Math.max(0, ms));

/** The largest duration bucket i holds (durations are whole ms); the last bucket is open. */
export const bucketTop = (i: number): number => (i + 1 < DURATION_FLOORS_MS.length ? DURATION_FLOORS_MS[i + 1] - 1 : DURATION_FLOORS_MS[i]);

export function histogramOf(durations: number[]): number[] {
  const h = DURATION_FLOORS_MS.map(() => 0);
  for (const d of durations) h[bucketOf(d)]++;
  return h;
}

/** percentile_cont's rank p·(n−1), each bucket's durations spread evenly from floor to top. */
export function percentileOf(histogram: number[], p: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const nth = (k: number): number => {
    let below = 0;
    for (let i = 0; i < histogram.length; i++) {
      if (k < below + histogram[i]) return DURATION_FLOORS_MS[i] + ((bucketTop(i) - DURATION_FLOORS_MS[i]) * (k - below + 0.5)) / histogram[i];
      below += histogram[i];
    }
    throw new Error("rank beyond the histogram");
  };
  const rank = p * (total - 1);
  const lo = Math.floor(rank);
  const a = nth(lo);
  const b = nth(Math.min(lo + 1, total - 1));
  return Math.floor(a + (rank - lo) * (b - a) + 0.5);
}

/** percentile_cont, exact. */
export function exactPercentile(durations: number[], p: number): number {
  const s = [...durations].sort((x, y) => x - y);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  return lo === rank ? s[lo] : s[lo] + (rank - lo) * (s[lo + 1] - s[lo]);
}
