// When each scheduled attempt of a delivery runs. A schedule is a list of delays: entry n is the
// wait before attempt n (entry 0 is the first attempt, normally immediate). Configurable as a
// compact string so tests and operators can shrink hours to milliseconds.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

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
    const match = DURATION.exec(item);
    if (!match) {
      throw new Error(
        `Invalid retry schedule "${text}": item ${index + 1} ("${item}") is not a duration like 500ms, 5s, 5m, 2h or 1d`,
      );
    }
    const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as Unit]);
    // Keeps `now + delay` a valid Date; nobody means a delay of 285,000 years.
    if (!Number.isSafeInteger(ms) || ms > 8.64e15) {
      throw new Error(`Invalid retry schedule "${text}": item ${index + 1} ("${item}") is too large`);
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
