// Windows over the attempt rollups (AttemptStats, EndpointAttemptStats; see schema.prisma). A
// window starts on a whole minute (windows up to a day) or a whole hour (longer ones, up to 30
// days) and runs to now. Its minutes before the first whole hour come from the minute rows, its
// hours before the first whole day from the hour rows, the rest from the day rows: at most 59 +
// 23 rows plus one a day, per endpoint, however many attempts there were.
import { Prisma } from "../db/generated/client";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Minute rows are kept 26 hours (migration 20261130090231_attempt_rollups). */
export const LONGEST_MINUTE_WINDOW_MS = DAY_MS;

export const floorTo = (ms: number, unit: number): number => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number): number => Math.ceil(ms / unit) * unit;

/** The start of a window of `ms` ending now: on a minute up to a day, on an hour beyond. */
export function windowStart(ms: number, now: Date): Date {
  const unit = ms <= LONGEST_MINUTE_WINDOW_MS ? MINUTE_MS : HOUR_MS;
  return new Date(floorTo(now.getTime(), unit) + unit - ms);
}

/**
 * A subquery: the endpoint's attempts, succeeded attempts and first attempts (deliveries) since
 * `from`, as `attempts`, `succeeded` and `firstAttempts` (null without any). `endpointId` is the
 * SQL of the endpoint's id, e.g. a column of the outer query.
 */
export function endpointTotalsSince(endpointId: Prisma.Sql, from: Date): Prisma.Sql {
  const t = from.getTime();
  if (t % MINUTE_MS !== 0) throw new Error("a rollup window starts on a whole minute (see windowStart)");
  const firstHour = new Date(ceilTo(t, HOUR_MS));
  const firstDay = new Date(ceilTo(t, DAY_MS));
  // Three range scans of the primary key (endpointId, period, at), one per period.
  const part = (period: "minute" | "hour" | "day", fromAt: Date, toAt: Date | null) => Prisma.sql`
      SELECT s.attempts, s.succeeded, s."firstAttempts" FROM "EndpointAttemptStats" s
      WHERE s."endpointId" = ${endpointId} AND s.period = ${period}::"StatsPeriod" AND s.at >= ${fromAt}
        ${toAt ? Prisma.sql`AND s.at < ${toAt}` : Prisma.empty}`;
  return Prisma.sql`(
    SELECT sum(r.attempts)::int AS attempts, sum(r.succeeded)::int AS succeeded, sum(r."firstAttempts")::int AS "firstAttempts"
    FROM (${part("minute", from, firstHour)} UNION ALL ${part("hour", firstHour, firstDay)} UNION ALL ${part("day", firstDay, null)}) r
  )`;
}
