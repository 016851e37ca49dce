// Per-endpoint health for the endpoints page: attempts, success rate and deliveries in a recent
// window, where the window's deliveries stand (succeeded, failed, still pending), plus the latest attempt ever — read from the per-endpoint rollups (EndpointAttemptStats),
// at most ~110 rows per endpoint for 30 days, whatever the traffic. Raw SQL because Prisma cannot
// express the lateral joins; the tenant id comes from the scope.
import { Prisma } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import type { EndpointStatsJson } from "../schemas/stats";
import { firstIdAt } from "../ids";
import { endpointTotalsSince, HOUR_MS, windowStart } from "./rollup-window";

interface Row {
  endpointId: string;
  attempts: number | null;
  succeeded: number | null;
  firstAttempts: number | null;
  lastAttemptAt: Date | null;
  lastSucceeded: boolean | null;
  deliveriesSucceeded: number;
  deliveriesFailed: number;
  deliveriesPending: number;
  deliveriesCanceled: number;
}

/** The window of `hours`: up to 24, the current minute and the hours × 60 − 1 before it; beyond,
 * the current hour and the hours − 1 before it. */
export function endpointStatsWindowStart(hours: number, now: Date): Date {
  return windowStart(hours * HOUR_MS, now);
}

/** Delivery outcomes (and so the delivery success rate) are of at most this many of the
 * window's newest deliveries per endpoint. */
export const OUTCOME_SAMPLE = 5_000;

export async function endpointStats(
  { tenantId, db }: TenantScope,
  opts: { hours: number; endpointId?: string; now?: Date },
): Promise<{ from: string; data: EndpointStatsJson[] }> {
  const from = endpointStatsWindowStart(opts.hours, opts.now ?? new Date());
  const endpointId = opts.endpointId ?? null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id AS "endpointId", w.attempts, w.succeeded, w."firstAttempts",
           l."lastStartedAt" AS "lastAttemptAt", l."lastSucceeded",
           o."deliveriesSucceeded", o."deliveriesFailed", o."deliveriesPending", o."deliveriesCanceled"
    FROM "Endpoint" e
    LEFT JOIN LATERAL ${endpointTotalsSince(Prisma.sql`e.id`, from)} w ON true
    LEFT JOIN LATERAL (
      SELECT s."lastStartedAt", s."lastSucceeded" FROM "EndpointAttemptStats" s
      WHERE s."endpointId" = e.id AND s.period = 'day'
      ORDER BY s.at DESC
      LIMIT 1
    ) l ON true
    LEFT JOIN LATERAL (
      -- Where the window's newest deliveries stand now: ids are time-ordered, so this walks the
      -- (endpointId, id, status) index back from the newest, reading no table rows, and stops
      -- after OUTCOME_SAMPLE of them — a count of the whole window grew with traffic (30 days of
      -- a busy endpoint: 143 ms at the scale bench's million deliveries).
      SELECT count(*) FILTER (WHERE d.status = 'succeeded')::int AS "deliveriesSucceeded",
             count(*) FILTER (WHERE d.status = 'failed')::int AS "deliveriesFailed",
             count(*) FILTER (WHERE d.status = 'pending')::int AS "deliveriesPending",
             count(*) FILTER (WHERE d.status = 'canceled')::int AS "deliveriesCanceled"
      FROM (
        SELECT x.status FROM "Delivery" x
        WHERE x."endpointId" = e.id AND x.id >= ${firstIdAt("delivery", from.getTime())}
        ORDER BY x.id DESC
        LIMIT ${OUTCOME_SAMPLE}::int
      ) d
    ) o ON true
    WHERE e."tenantId" = ${tenantId} AND (${endpointId}::text IS NULL OR e.id = ${endpointId})
    ORDER BY e.id DESC`;
  return {
    from: from.toISOString(),
    data: rows.map((r) => {
      const attempts = r.attempts ?? 0;
      const succeeded = r.succeeded ?? 0;
      return {
        endpointId: r.endpointId,
        attempts,
        succeeded,
        failed: attempts - succeeded,
        deliveries: r.firstAttempts ?? 0,
        successRate: attempts ? succeeded / attempts : null,
        lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
        lastSucceeded: r.lastSucceeded,
        deliveryOutcomes: { succeeded: r.deliveriesSucceeded, failed: r.deliveriesFailed, pending: r.deliveriesPending, canceled: r.deliveriesCanceled },
        // Of the deliveries that have finished: one that failed twice, then succeeded, succeeded.
        deliverySuccessRate: r.deliveriesSucceeded + r.deliveriesFailed ? r.deliveriesSucceeded / (r.deliveriesSucceeded + r.deliveriesFailed) : null,
      };
    }),
  };
}
