// What a delivery becomes after an attempt: pure policy, no I/O.
import type { AttemptTrigger, DeliveryStatus } from "../db/generated/client";
import { nextAttemptDelay } from "./retry-schedule";

export interface NextStateInput {
  succeeded: boolean;
  trigger: AttemptTrigger;
  /** The attempt was a one-off retry of a finished delivery. */
  oneShot: boolean;
  /** Scheduled attempts made before this one. */
  scheduledAttempts: number;
  schedule: number[];
  now: Date;
  random?: () => number;
}

export interface NextState {
  status: DeliveryStatus;
  scheduledAttempts: number;
  nextAttemptAt: Date | null;
}

export function nextDeliveryState(input: NextStateInput): NextState {
  // A manual retry is extra: it leaves the schedule where it was. Scheduled attempts (and a test
  // message's first attempt, its "immediately") move along it.
  const scheduledAttempts = input.scheduledAttempts + (input.trigger === "manual" ? 0 : 1);
  if (input.succeeded) return { status: "succeeded", scheduledAttempts, nextAttemptAt: null };
  if (input.oneShot) return { status: "failed", scheduledAttempts, nextAttemptAt: null };
  const delay = nextAttemptDelay(input.schedule, scheduledAttempts, input.random);
  if (delay === null) return { status: "failed", scheduledAttempts, nextAttemptAt: null };
  return { status: "pending", scheduledAttempts, nextAttemptAt: new Date(input.now.getTime() + delay) };
}
