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
  /** The worker cut the attempt short (shutdown): not the receiver's doing, so it neither moves
   * the schedule on nor uses up a one-off retry; the delivery is due again at once. */
  interrupted?: boolean;
  /** The receiver asked for at least this long before the next attempt (Retry-After). */
  retryAfterMs?: number | null;
  /** The receiver asked for no more attempts (receiver-directives.ts): why. */
  stopRetrying?: string | null;
  random?: () => number;
}

export interface NextState {
  status: DeliveryStatus;
  scheduledAttempts: number;
  nextAttemptAt: Date | null;
  /** The pending attempt keeps its trigger (and one-off flag) rather than becoming scheduled. */
  keepTrigger: boolean;
  /** Why the next attempt is later than the schedule says (Retry-After), for the attempt log. */
  note: string | null;
}

export function nextDeliveryState(input: NextStateInput): NextState {
  if (input.interrupted && !input.succeeded) {
    return { status: "pending", scheduledAttempts: input.scheduledAttempts, nextAttemptAt: input.now, keepTrigger: true, note: null };
  }
  // A manual retry is extra: it leaves the schedule where it was. Scheduled attempts (and a test
  // message's first attempt, its "immediately") move along it.
  const scheduledAttempts = input.scheduledAttempts + (input.trigger === "manual" ? 0 : 1);
  const done = (status: DeliveryStatus): NextState => ({ status, scheduledAttempts, nextAttemptAt: null, keepTrigger: false, note: null });
  if (input.succeeded) return done("succeeded");
  if (input.stopRetrying) return { ...done("failed"), note: input.stopRetrying };
  if (input.oneShot) return done("failed");
  const delay = nextAttemptDelay(input.schedule, scheduledAttempts, input.random);
  if (delay === null) return done("failed");
  const { wait, note } = honourRetryAfter(delay, input.retryAfterMs ?? null, input.schedule);
  return { status: "pending", scheduledAttempts, nextAttemptAt: new Date(input.now.getTime() + wait), keepTrigger: false, note };
}

/** The wait before the next attempt: the schedule's, or longer if the receiver asked for it —
 * but never longer than the schedule's longest gap, so a receiver cannot park a delivery. */
function honourRetryAfter(scheduled: number, retryAfterMs: number | null, schedule: number[]): { wait: number; note: string | null } {
  if (retryAfterMs === null || retryAfterMs <= scheduled) return { wait: scheduled, note: null };
  const longestGap = Math.max(...schedule);
  const asked = `the receiver asked to wait ${formatSeconds(retryAfterMs)} (Retry-After)`;
  if (retryAfterMs <= longestGap) return { wait: retryAfterMs, note: `${asked}: next attempt no sooner` };
  return { wait: Math.max(scheduled, longestGap), note: `${asked}; waiting the retry schedule's longest gap, ${formatSeconds(longestGap)}` };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
