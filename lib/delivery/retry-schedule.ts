// When each scheduled attempt of a delivery runs. A schedule is a list of delays: entry n is the
// wait before attempt n (entry 0 is the first attempt, normally immediate). Configurable as a
// compact string so tests and operators can shrink hours to milliseconds.
import { parseDuration } from "../duration";

/** Svix's schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (~27.6 h in all).
 * Frozen because it is shared process-wide; typed mutable only so callers holding `number[]`
 * schedules can use it as is. */
export const DEFAULT_RETRY_SCHEDULE: number[] = Object.freeze(parseSchedule("0s,5s,5m,30m,2h,5h,10h,10h")) as number[];

/** Parses `"0s,5s,5m,30m,2h"` into milliseconds. Units: ms, s, m, h, d. Throws on anything else. */
export function parseSchedule(text: string): number[] {
  if (typeof text !== "string" || text.trim() === "") {
    throw new Error("Invalid retry schedule: it is empty; expected comma-separated durations like 0s,5s,5m,2h");
  }
  return text.split(",").map((raw, index) => {
    const item = raw.trim();
    const ms = parseDuration(item);
    if (ms === null) {
      throw new Error(
        `Invalid retry schedule "${text}": item ${index + 1} ("${item}") is not a duration like 500ms, 5s, 5m, 2h or 1d (at most 100,000 days)`,
      );
    }
    return ms;
  });
}

/**
 * The delay before scheduled attempt number `scheduledAttemptsMade` (0-based, so after the
 * first attempt failed it is 1 and the delay is schedule[1]); null once the schedule is used up.
 *
 * Delays of a second or more get ±20% jitter so deliveries that failed together (an endpoint
 * outage) don't all retry in the same instant and knock the recovering receiver over again.
 * Shorter delays stay exact: "immediately" must mean immediately, and sub-second schedules only
 * exist in tests, which want determinism.
 */
export function nextAttemptDelay(
  schedule: readonly number[],
  scheduledAttemptsMade: number,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(scheduledAttemptsMade) || scheduledAttemptsMade < 0) {
    throw new Error(`scheduledAttemptsMade must be a non-negative integer, got ${scheduledAttemptsMade}`);
  }
  if (scheduledAttemptsMade >= schedule.length) return null;
  const base = schedule[scheduledAttemptsMade];
  if (base < 1_000) return base;
  const factor = 1 + 0.2 * (2 * random() - 1);
  return Math.round(base * factor);
}
