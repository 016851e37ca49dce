// Small statistics helpers: percentiles by sorting (exact, fine for ≤ a few 100k samples) and
// rates over the steady part of a series of event times.

/** Wall-clock milliseconds with sub-ms resolution, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    min: sorted.length ? sorted[0] : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export interface SteadyRate {
  /** Events per second between the `lo` and `hi` quantile of the event times. */
  perSecond: number;
  /** Events per second over the whole span (first to last). */
  overallPerSecond: number;
  /** First to last event, ms. */
  spanMs: number;
  count: number;
}

/** The rate over the middle of a run (e.g. 10 %..90 % of the events), leaving out ramp-up and tail. */
export function steadyRate(times: ArrayLike<number>, lo = 0.1, hi = 0.9): SteadyRate {
  const sorted = Float64Array.from(times).sort();
  const n = sorted.length;
  if (n < 2) return { perSecond: Number.NaN, overallPerSecond: Number.NaN, spanMs: 0, count: n };
  const i = Math.floor(lo * (n - 1));
  const j = Math.ceil(hi * (n - 1));
  const spanMs = sorted[n - 1] - sorted[0];
  const middleMs = sorted[j] - sorted[i];
  return {
    perSecond: middleMs > 0 ? ((j - i) / middleMs) * 1000 : Number.NaN,
    overallPerSecond: spanMs > 0 ? ((n - 1) / spanMs) * 1000 : Number.NaN,
    spanMs,
    count: n,
  };
}

/** Events per 1-second bucket from `start` (a quick look at how steady a rate was). */
export function perSecondBuckets(times: ArrayLike<number>, start: number): number[] {
  const buckets: number[] = [];
  for (let k = 0; k < times.length; k++) {
    const b = Math.floor((times[k] - start) / 1000);
    if (b < 0) continue;
    while (buckets.length <= b) buckets.push(0);
    buckets[b]++;
  }
  return buckets;
}

export const round = (v: number, digits = 1): number => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);
