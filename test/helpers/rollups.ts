// The attempt rollups recomputed from the Attempt rows, compared with what the trigger kept:
// how many rows differ either way (0 when they agree exactly). Minute rows older than
// `minutesSince`, which the trigger may have pruned, are left out on both sides.
import type pg from "pg";

const PERIODS = `CROSS JOIN LATERAL (VALUES ('minute'::"StatsPeriod", date_trunc('minute', a."startedAt")),
                                        ('hour'::"StatsPeriod", date_trunc('hour', a."startedAt"))) p(period, at)`;

const symmetricDifference = (raw: string, rolled: string) => `
  WITH raw AS (SELECT * FROM (${raw}) r WHERE NOT (period = 'minute' AND at < $1::timestamp)),
       rolled AS (SELECT * FROM (${rolled}) r WHERE NOT (period = 'minute' AND at < $1::timestamp))
  SELECT count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM rolled) UNION ALL (SELECT * FROM rolled EXCEPT SELECT * FROM raw)) d`;

export async function rollupDifferences(
  client: Pick<pg.Client, "query">,
  minutesSince = new Date(0),
): Promise<{ overall: number; endpoints: number }> {
  const params = [minutesSince.toISOString()];
  const overall = await client.query<{ n: number }>(
    symmetricDifference(
      `SELECT p.period, p.at, hookyard_duration_floor(a."durationMs") AS floor, count(*)::int AS attempts,
              (count(*) FILTER (WHERE a.succeeded))::int AS succeeded
       FROM "Attempt" a ${PERIODS} GROUP BY 1, 2, 3`,
      `SELECT period, at, "durationFloorMs", attempts, succeeded FROM "AttemptStats"`,
    ),
    params,
  );
  const endpoints = await client.query<{ n: number }>(
    symmetricDifference(
      `SELECT a."endpointId", p.period, p.at, count(*)::int AS attempts, (count(*) FILTER (WHERE a.succeeded))::int AS succeeded,
              (count(*) FILTER (WHERE a.number = 1))::int AS first, max(a."startedAt") AS last,
              (array_agg(a.succeeded ORDER BY a."startedAt" DESC))[1] AS "lastSucceeded"
       FROM "Attempt" a ${PERIODS} GROUP BY 1, 2, 3`,
      `SELECT "endpointId", period, at, attempts, succeeded, "firstAttempts", "lastStartedAt", "lastSucceeded" FROM "EndpointAttemptStats"`,
    ),
    params,
  );
  return { overall: overall.rows[0].n, endpoints: endpoints.rows[0].n };
}
