// Windows over the attempt rollups (AttemptStats, EndpointAttemptStats; see schema.prisma). A
// window starts on a whole minute and runs to now. Its whole hours are read from the hour rows and
// the minutes before the first whole hour from the minute rows: at most 59 rows plus one per hour,
// per endpoint, however many attempts there were.
import { Prisma } from "../db/generated/client";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export const floorTo = (ms: number, unit: number): number => Math.floor(ms / unit) * unit;

/**
 * A subquery: the endpoint's attempts, succeeded attempts and first attempts (deliveries) since
 * `from` (a whole minute), as `attempts`, `succeeded` and `firstAttempts` (null without any).
 * `endpointId` is the SQL of the endpoint's id, e.g. a column of the outer query.
 */
export function endpointTotalsSince(endpointId: Prisma.Sql, from: Date): Prisma.Sql {
  if (from.getTime() % MINUTE_MS !== 0) throw new Error("a rollup window starts on a whole minute");
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  // Two range scans of the primary key (endpointId, period, at), one per period.
  return Prisma.sql`(
    SELECT sum(r.attempts)::int AS attempts, sum(r.succeeded)::int AS succeeded, sum(r."firstAttempts")::int AS "firstAttempts"
    FROM (
      SELECT s.attempts, s.succeeded, s."firstAttempts" FROM "EndpointAttemptStats" s
      WHERE s."endpointId" = ${endpointId} AND s.period = 'hour' AND s.at >= ${firstHour}
      UNION ALL
      SELECT s.attempts, s.succeeded, s."firstAttempts" FROM "EndpointAttemptStats" s
      WHERE s."endpointId" = ${endpointId} AND s.period = 'minute' AND s.at >= ${from} AND s.at < ${firstHour}
    ) r
  )`;
}
