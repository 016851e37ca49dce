// The operator overview: attempts per minute (per hour beyond a day) by outcome, approximate
// latency percentiles, and the endpoints that are failing now — read from the attempt rollups
// (AttemptStats, EndpointAttemptStats), so a week costs 168 rows, not a week of attempts.
// Percentiles come from the rollups' duration histograms (hookyard_histogram_percentiles, migration
// 20261130090231_attempt_rollups): approximate, off by at most about a bucket (a third).
import { Prisma } from "../db/generated/client";
import type { Db } from "../db/client";
import type { OverviewJson } from "../schemas/stats";
import { endpointTotalsSince, floorTo, HOUR_MS, LONGEST_MINUTE_WINDOW_MS, MINUTE_MS } from "./rollup-window";

/** [start (ms), attempts, succeeded, p50, p95]: a day has 1,440, passed as one JSON array (Prisma
 * converts raw rows column by column, which took twice as long). */
type Point = [number, number, number, number | null, number | null];

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

/** Takes the client itself, not a transaction: its three reads run at once, each on a connection of
 * its own (an interactive transaction has one). */
export async function statsOverview(db: Db, opts: { minutes: number; now?: Date }): Promise<OverviewJson> {
  const to = opts.now ?? new Date();
  const { stepMs, from } = overviewWindow(opts.minutes, to);
  const period = stepMs === MINUTE_MS ? "minute" : "hour";
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);

  // Three independent reads, sent at once.
  // Minute rows carry their percentiles; an hour row's are computed here (at most 168).
  const series$ = db.$queryRaw<{ points: Point[] | null }[]>`
    SELECT json_agg(json_build_array(extract(epoch FROM at) * 1000, attempts, succeeded, coalesce(p50, latency[1]), coalesce(p95, latency[2]))) AS points
    FROM (
      SELECT at, attempts, succeeded, p50, p95,
             CASE WHEN p50 IS NULL THEN hookyard_histogram_percentiles("durationHistogram", '{0.5,0.95}') END AS latency
      FROM "AttemptStats"
      WHERE period = ${period}::"StatsPeriod" AND at >= ${from} AND at <= ${to}
    ) rows`;

  // The whole window's percentiles: its whole hours from hour rows, the minutes before them.
  const latency$ = db.$queryRaw<{ p50: number | null; p95: number | null }[]>`
    SELECT q[1] AS p50, q[2] AS p95
    FROM (
      SELECT hookyard_histogram_percentiles(hookyard_histogram_sum(r."durationHistogram"), '{0.5,0.95}') AS q
      FROM (
        SELECT "durationHistogram" FROM "AttemptStats" WHERE period = 'hour' AND at >= ${firstHour} AND at <= ${to}
        UNION ALL
        SELECT "durationHistogram" FROM "AttemptStats" WHERE period = 'minute' AND at >= ${from} AND at < ${firstHour}
      ) r
    ) window_latency`;

  const failing$ = db.$queryRaw<FailingRow[]>`
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
  const [[{ points }], [latency], failing] = await Promise.all([series$, latency$, failing$]);

  const totals = { attempts: 0, succeeded: 0, failed: 0 };
  const byTime = new Map((points ?? []).map((p) => [Number(p[0]), p]));
  const series: OverviewJson["series"] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += stepMs) {
    const [, attempts = 0, succeeded = 0, p50 = null, p95 = null] = byTime.get(t) ?? [];
    totals.attempts += attempts;
    totals.succeeded += succeeded;
    totals.failed += attempts - succeeded;
    series.push({ minute: new Date(t).toISOString(), succeeded, failed: attempts - succeeded, p50, p95 });
  }
  return {
    minutes: opts.minutes,
    stepMinutes: stepMs / MINUTE_MS,
    from: from.toISOString(),
    to: to.toISOString(),
    totals,
    latency: { p50: latency?.p50 ?? null, p95: latency?.p95 ?? null },
    series,
    failingEndpoints: failing.map(({ attempts, succeeded, failingSince, ...f }) => ({
      ...f,
      failingSince: failingSince?.toISOString() ?? null,
      failedAttempts: (attempts ?? 0) - (succeeded ?? 0),
    })),
  };
}
