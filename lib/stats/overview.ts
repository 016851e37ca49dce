// The operator overview: attempts per minute (per hour beyond a day) by outcome, approximate
// latency percentiles, and the endpoints that are failing now — read from the attempt rollups
// (AttemptStats, EndpointAttemptStats), so a week costs 168 rows, not a week of attempts.
// Percentiles come from duration histograms (lib/stats/latency-histogram.ts).
import { Prisma } from "../db/generated/client";
import type { DbTx } from "../db/client";
import type { OverviewJson } from "../api/schemas/stats";
import { addHistogram, emptyHistogram, histogramPercentile } from "./latency-histogram";
import { endpointTotalsSince, floorTo, HOUR_MS, LONGEST_MINUTE_WINDOW_MS, MINUTE_MS } from "./rollup-window";

interface PointRow {
  at: Date;
  attempts: number;
  succeeded: number;
  durationHistogram: number[];
}

interface FailingRow {
  id: string;
  tenantId: string;
  tenantName: string;
  url: string;
  disabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  attempts: number | null;
  succeeded: number | null;
}

/** The series' step and its first point: the current minute (or hour) and the ones before it. */
export function overviewWindow(minutes: number, now: Date): { stepMs: number; from: Date } {
  const stepMs = minutes * MINUTE_MS <= LONGEST_MINUTE_WINDOW_MS ? MINUTE_MS : HOUR_MS;
  const points = Math.ceil((minutes * MINUTE_MS) / stepMs);
  return { stepMs, from: new Date(floorTo(now.getTime(), stepMs) - (points - 1) * stepMs) };
}

export async function statsOverview(db: DbTx, opts: { minutes: number; now?: Date }): Promise<OverviewJson> {
  const to = opts.now ?? new Date();
  const { stepMs, from } = overviewWindow(opts.minutes, to);
  const period = stepMs === MINUTE_MS ? "minute" : "hour";

  const points = await db.$queryRaw<PointRow[]>`
    SELECT at, attempts, succeeded, "durationHistogram" FROM "AttemptStats"
    WHERE period = ${period}::"StatsPeriod" AND at >= ${from} AND at <= ${to}`;

  const failing = await db.$queryRaw<FailingRow[]>`
    SELECT f.*, w.attempts, w.succeeded
    FROM (
      SELECT e.id, e."tenantId", t.name AS "tenantName", e.url, e.disabled, e."disabledReason", e."failingSince"
      FROM "Endpoint" e JOIN "Tenant" t ON t.id = e."tenantId"
      WHERE e."failingSince" IS NOT NULL
      ORDER BY e."failingSince" ASC, e.id
      LIMIT 20
    ) f
    LEFT JOIN LATERAL ${endpointTotalsSince(Prisma.sql`f.id`, from)} w ON true
    ORDER BY f."failingSince" ASC, f.id`;

  const total = emptyHistogram();
  const totals = { attempts: 0, succeeded: 0, failed: 0 };
  const byTime = new Map(points.map((p) => [p.at.getTime(), p]));
  const series: OverviewJson["series"] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += stepMs) {
    const p = byTime.get(t);
    const histogram = p?.durationHistogram ?? emptyHistogram();
    addHistogram(total, histogram);
    const succeeded = p?.succeeded ?? 0;
    const failed = (p?.attempts ?? 0) - succeeded;
    totals.attempts += succeeded + failed;
    totals.succeeded += succeeded;
    totals.failed += failed;
    series.push({
      minute: new Date(t).toISOString(),
      succeeded,
      failed,
      p50: histogramPercentile(histogram, 0.5),
      p95: histogramPercentile(histogram, 0.95),
    });
  }
  return {
    minutes: opts.minutes,
    stepMinutes: stepMs / MINUTE_MS,
    from: from.toISOString(),
    to: to.toISOString(),
    totals,
    latency: { p50: histogramPercentile(total, 0.5), p95: histogramPercentile(total, 0.95) },
    series,
    failingEndpoints: failing.map(({ attempts, succeeded, failingSince, ...f }) => ({
      ...f,
      failingSince: failingSince?.toISOString() ?? null,
      failedAttempts: (attempts ?? 0) - (succeeded ?? 0),
    })),
  };
}
