import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptDelay, parseSchedule } from "../../../lib/delivery/retry-schedule";

describe("parseSchedule", () => {
  it("parses every unit into milliseconds", () => {
    expect(parseSchedule("0s,5s,5m,30m,2h,5h,10h,10h")).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(parseSchedule("250ms, 1s ,1m,1h,1d")).toEqual([250, 1_000, 60_000, 3_600_000, 86_400_000]);
    expect(parseSchedule("1.5s")).toEqual([1_500]);
    expect(parseSchedule("5d")).toEqual([432_000_000]);
  });

  it("throws a clear error on bad input", () => {
    expect(() => parseSchedule("")).toThrow(/empty/);
    expect(() => parseSchedule("  ")).toThrow(/empty/);
    expect(() => parseSchedule("0s,5")).toThrow(/item 2 \("5"\) is not a duration/);
    expect(() => parseSchedule("0s,,5s")).toThrow(/item 2/);
    expect(() => parseSchedule("0s,5s,")).toThrow(/item 3/);
    expect(() => parseSchedule("5w")).toThrow(/not a duration/);
    expect(() => parseSchedule("-5s")).toThrow(/not a duration/);
    expect(() => parseSchedule("5 s")).toThrow(/not a duration/);
    expect(() => parseSchedule("99999999999999d")).toThrow(/at most 100,000 days/);
  });
});

describe("DEFAULT_RETRY_SCHEDULE", () => {
  it("is Svix's: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    const minute = 60_000;
    const hour = 60 * minute;
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([0, 5_000, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour]);
    // About 27.6 hours from the first attempt to the last.
    expect(DEFAULT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0)).toBe(27 * hour + 35 * minute + 5_000);
    expect(Object.isFrozen(DEFAULT_RETRY_SCHEDULE)).toBe(true);
  });
});

describe("nextAttemptDelay", () => {
  const schedule = DEFAULT_RETRY_SCHEDULE;

  it("returns schedule[n] without jitter for immediate and sub-second delays", () => {
    expect(nextAttemptDelay(schedule, 0, () => 0)).toBe(0);
    expect(nextAttemptDelay([0, 300, 999], 1, () => 0)).toBe(300);
    expect(nextAttemptDelay([0, 300, 999], 2, () => 0.99)).toBe(999);
  });

  it("jitters delays of a second or more by ±20%", () => {
    expect(nextAttemptDelay(schedule, 1, () => 0.5)).toBe(5_000);
    expect(nextAttemptDelay(schedule, 1, () => 0)).toBe(4_000);
    expect(nextAttemptDelay(schedule, 1, () => 0.999999)).toBe(6_000);
    expect(nextAttemptDelay(schedule, 2, () => 0.25)).toBe(270_000);
    for (let i = 0; i < 200; i++) {
      const delay = nextAttemptDelay(schedule, 4)!;
      expect(delay).toBeGreaterThanOrEqual(7_200_000 * 0.8);
      expect(delay).toBeLessThanOrEqual(7_200_000 * 1.2);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it("returns null once the schedule is exhausted", () => {
    expect(nextAttemptDelay(schedule, 7, () => 0.5)).toBe(36_000_000);
    expect(nextAttemptDelay(schedule, 8)).toBeNull();
    expect(nextAttemptDelay([], 0)).toBeNull();
  });

  it("rejects a nonsensical attempt count", () => {
    expect(() => nextAttemptDelay(schedule, -1)).toThrow();
    expect(() => nextAttemptDelay(schedule, 1.5)).toThrow();
  });
});
