// Per-endpoint health for the endpoints page: attempts, success rate and distinct deliveries in
// a recent window, plus the latest attempt ever. Raw SQL because Prisma's groupBy cannot count
// distinct deliveries or filter aggregates; the tenant id is bound explicitly in every clause.
// Indexes used: Attempt(tenantId, startedAt) for the window, Attempt(endpointId, startedAt) for
// the latest attempt per endpoint.
import type { DbTx } from "../db/client";
import type { EndpointStatsJson } from "../api/schemas/stats";

interface Row {
  endpointId: string;
  attempts: number;
  succeeded: number;
  deliveries: number;
  lastAttemptAt: Date | null;
  lastSucceeded: boolean | null;
}

export async function endpointStats(
  db: DbTx,
  tenantId: string,
  opts: { hours: number; endpointId?: string; now?: Date },
): Promise<EndpointStatsJson[]> {
  const since = new Date((opts.now ?? new Date()).getTime() - opts.hours * 3_600_000);
  const endpointId = opts.endpointId ?? null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id AS "endpointId",
           COALESCE(w.attempts, 0)::int AS attempts,
           COALESCE(w.succeeded, 0)::int AS succeeded,
           COALESCE(w.deliveries, 0)::int AS deliveries,
           l."startedAt" AS "lastAttemptAt",
           l.succeeded AS "lastSucceeded"
    FROM "Endpoint" e
    LEFT JOIN (
      SELECT a."endpointId",
             count(*) AS attempts,
             count(*) FILTER (WHERE a.succeeded) AS succeeded,
             count(DISTINCT a."deliveryId") AS deliveries
      FROM "Attempt" a
      WHERE a."tenantId" = ${tenantId} AND a."startedAt" >= ${since}
        AND (${endpointId}::text IS NULL OR a."endpointId" = ${endpointId})
      GROUP BY a."endpointId"
    ) w ON w."endpointId" = e.id
    LEFT JOIN LATERAL (
      SELECT a."startedAt", a.succeeded FROM "Attempt" a
      WHERE a."endpointId" = e.id
      ORDER BY a."startedAt" DESC
      LIMIT 1
    ) l ON true
    WHERE e."tenantId" = ${tenantId} AND (${endpointId}::text IS NULL OR e.id = ${endpointId})
    ORDER BY e.id DESC`;
  return rows.map((r) => ({
    endpointId: r.endpointId,
    attempts: r.attempts,
    succeeded: r.succeeded,
    failed: r.attempts - r.succeeded,
    deliveries: r.deliveries,
    successRate: r.attempts ? r.succeeded / r.attempts : null,
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    lastSucceeded: r.lastSucceeded,
  }));
}
