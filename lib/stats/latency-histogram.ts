// Attempt durations are rolled up as histograms with fixed buckets — percentiles cannot be
// summed, bucket counts can: the database keeps, per minute and per hour, how many attempts took
// from each floor below up to the next one (an array, element i for DURATION_FLOORS_MS[i]).
// Percentiles read from them are approximate. Each duration is known only to its bucket (buckets
// are at most a third wider than their floor), so a percentile lands between the buckets of the
// two durations around its rank; exact up to 5 ms, where a bucket holds a single value
// (test/unit/stats/latency-histogram.test.ts measures the error).
//
// The floors must stay equal to those of hookyard_duration_bucket() (migration
// 20261130090231_attempt_rollups); test/integration/stats/rollups.test.ts checks that they do.
export const DURATION_FLOORS_MS = [
  0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200,
  1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000, 25000, 30000,
] as const;

/** Attempts per bucket: element i counts durations from DURATION_FLOORS_MS[i] to the next floor. */
export type DurationHistogram = number[];

export const emptyHistogram = (): DurationHistogram => DURATION_FLOORS_MS.map(() => 0);

/** Adds `more` into `into`, bucket by bucket. */
export function addHistogram(into: DurationHistogram, more: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i] += more[i] ?? 0;
}

/** The largest duration bucket i holds (durations are whole ms); the last bucket is open. */
const bucketTop = (i: number): number => (i + 1 < DURATION_FLOORS_MS.length ? DURATION_FLOORS_MS[i + 1] - 1 : DURATION_FLOORS_MS[i]);

/**
 * The approximate p-quantile (0 ≤ p ≤ 1) of the durations in the histogram, in ms, rounded; null
 * when it is empty. Same convention as percentile_cont — the value at rank p·(n−1) of the sorted
 * durations, between two neighbours linearly — with each bucket's attempts taken as spread
 * evenly between its floor and its top.
 */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  /** The estimated k-th smallest duration (0-based). */
  const nth = (k: number): number => {
    let below = 0;
    for (let i = 0; i < histogram.length; i++) {
      const n = histogram[i];
      if (k < below + n) return DURATION_FLOORS_MS[i] + ((bucketTop(i) - DURATION_FLOORS_MS[i]) * (k - below + 0.5)) / n;
      below += n;
    }
    return bucketTop(histogram.length - 1);
  };
  const rank = p * (total - 1);
  const lo = Math.floor(rank);
  const value = lo === rank ? nth(lo) : nth(lo) + (rank - lo) * (nth(lo + 1) - nth(lo));
  return Math.round(value);
}
