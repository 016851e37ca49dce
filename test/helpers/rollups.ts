// The attempt rollups recomputed from the Attempt rows, compared with what the trigger kept:
// how many rows differ either way (0 when they agree exactly). The rows the trigger may already
// have pruned, as of `now` — minute rows older than 26 hours, an endpoint's hour rows older than
// 32 days — are left out on both sides.
import type pg from "pg";

const periods = (...names: string[]) =>
  `CROSS JOIN LATERAL (VALUES ${names.map((n) => `('${n}'::"StatsPeriod", date_trunc('${n}', a."startedAt"))`).join(", ")}) p(period, at)`;

const KEPT = `NOT (period = 'minute' AND at < $1::timestamp - interval '26 hours')
  AND NOT (period = 'hour' AND at < $1::timestamp - interval '32 days' AND $2)`;

const symmetricDifference = (raw: string, rolled: string) => `
  WITH raw AS (SELECT * FROM (${raw}) r WHERE ${KEPT}),
       rolled AS (SELECT * FROM (${rolled}) r WHERE ${KEPT})
  SELECT count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM rolled) UNION ALL (SELECT * FROM rolled EXCEPT SELECT * FROM raw)) d`;

export async function rollupDifferences(client: Pick<pg.Client, "query">, now: Date): Promise<{ overall: number; endpoints: number }> {
  const overall = await client.query<{ n: number }>(
    symmetricDifference(
      `SELECT p.period, p.at, count(*)::int AS attempts, (count(*) FILTER (WHERE a.succeeded))::int AS succeeded,
              hookyard_duration_histogram(array_agg(a."durationMs")) AS histogram
       FROM "Attempt" a ${periods("minute", "hour")} GROUP BY 1, 2`,
      `SELECT period, at, attempts, succeeded, "durationHistogram" FROM "AttemptStats"`,
    ),
    [now.toISOString(), false],
  );
  const endpoints = await client.query<{ n: number }>(
    symmetricDifference(
      `SELECT a."endpointId", p.period, p.at, count(*)::int AS attempts, (count(*) FILTER (WHERE a.succeeded))::int AS succeeded,
              (count(*) FILTER (WHERE a.number = 1))::int AS first, max(a."startedAt") AS last,
              (array_agg(a.succeeded ORDER BY a."startedAt" DESC))[1] AS "lastSucceeded"
       FROM "Attempt" a ${periods("minute", "hour", "day")} GROUP BY 1, 2, 3`,
      `SELECT "endpointId", period, at, attempts, succeeded, "firstAttempts", "lastStartedAt", "lastSucceeded" FROM "EndpointAttemptStats"`,
    ),
    [now.toISOString(), true],
  );
  return { overall: overall.rows[0].n, endpoints: endpoints.rows[0].n };
}
