import { describe, expect, it } from "vitest";
import { nextDeliveryState } from "../../../lib/delivery/next-state";

const schedule = [0, 5_000, 300_000];
const now = new Date("2026-11-22T12:00:00Z");
const noJitter = () => 0.5;

describe("nextDeliveryState", () => {
  it("a success ends the delivery", () => {
    expect(nextDeliveryState({ succeeded: true, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now })).toEqual({
      status: "succeeded",
      scheduledAttempts: 1,
      nextAttemptAt: null,
      keepTrigger: false,
      note: null,
    });
  });

  it("a failed first attempt waits for the second delay of the schedule", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter });
    expect(next.status).toBe("pending");
    expect(next.scheduledAttempts).toBe(1);
    expect(next.nextAttemptAt!.getTime() - now.getTime()).toBe(5_000);
  });

  it("fails the delivery once the schedule is used up", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 2, schedule, now });
    expect(next).toEqual({ status: "failed", scheduledAttempts: 3, nextAttemptAt: null, keepTrigger: false, note: null });
  });

  it("a manual retry of a pending delivery keeps its place in the schedule", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "manual", oneShot: false, scheduledAttempts: 1, schedule, now, random: noJitter });
    expect(next.scheduledAttempts).toBe(1);
    expect(next.nextAttemptAt!.getTime() - now.getTime()).toBe(5_000);
  });

  it("a one-shot retry of a finished delivery never schedules more attempts", () => {
    expect(nextDeliveryState({ succeeded: false, trigger: "manual", oneShot: true, scheduledAttempts: 1, schedule, now }).status).toBe("failed");
  });

  it("a test message's first attempt is its immediate one: it uses up the schedule's first slot, as a scheduled one does", () => {
    const failedTest = nextDeliveryState({ succeeded: false, trigger: "test", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter });
    const failedScheduled = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter });
    expect(failedTest).toEqual(failedScheduled);
    expect(failedTest.scheduledAttempts).toBe(1);
    // Were it extra, like a manual retry, the "immediately" slot would still be owed: a second
    // attempt right away instead of the 5 s retry.
    const failedManual = nextDeliveryState({ succeeded: false, trigger: "manual", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter });
    expect(failedManual).toMatchObject({ status: "pending", scheduledAttempts: 0, nextAttemptAt: now });
    // Succeeding, it is counted too.
    expect(nextDeliveryState({ succeeded: true, trigger: "test", oneShot: false, scheduledAttempts: 0, schedule, now }).scheduledAttempts).toBe(1);
  });

  it("waits at least as long as a Retry-After asks, and says so", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter, retryAfterMs: 60_000 });
    expect(next.nextAttemptAt!.getTime() - now.getTime()).toBe(60_000);
    expect(next.note).toBe("the receiver asked to wait 60 s (Retry-After): next attempt no sooner");
  });

  it("a Retry-After shorter than the schedule's wait changes nothing", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter, retryAfterMs: 1_000 });
    expect(next.nextAttemptAt!.getTime() - now.getTime()).toBe(5_000);
    expect(next.note).toBeNull();
  });

  it("caps a Retry-After at the schedule's longest gap, so a receiver cannot park a delivery", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "scheduled", oneShot: false, scheduledAttempts: 0, schedule, now, random: noJitter, retryAfterMs: 86_400_000 });
    expect(next.nextAttemptAt!.getTime() - now.getTime()).toBe(300_000);
    expect(next.note).toMatch(/asked to wait 86400 s .*longest gap, 300 s/);
  });

  it("an attempt the worker cut short is due again at once, its schedule and one-off retry intact", () => {
    const next = nextDeliveryState({ succeeded: false, trigger: "manual", oneShot: true, scheduledAttempts: 1, schedule, now, interrupted: true });
    expect(next).toEqual({ status: "pending", scheduledAttempts: 1, nextAttemptAt: now, keepTrigger: true, note: null });
  });
});
