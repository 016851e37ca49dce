// Delivery policy read from configuration once: the retry schedule, when a failing endpoint is
// disabled, how long a claimed delivery stays leased, and the endpoint timeout bounds.
import { env } from "../env";
import { DEFAULT_RETRY_SCHEDULE, parseSchedule } from "./retry-schedule";

export const DEFAULT_TIMEOUT_MS = 15_000;
export const MAX_TIMEOUT_MS = 30_000;

export interface DeliveryPolicy {
  /** Delay before each scheduled attempt (ms): [first, 1st retry, ...]. */
  schedule: number[];
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number;
  /** A worker's claim on a delivery; longer than any request may take, so a live claim is never
   * taken over, short enough that a crashed worker's deliveries resume soon. */
  leaseMs: number;
}

let cached: { key: string; policy: DeliveryPolicy } | undefined;

export function deliveryPolicy(): DeliveryPolicy {
  const e = env();
  const key = `${e.HOOKYARD_RETRY_SCHEDULE}|${e.HOOKYARD_DISABLE_AFTER}|${e.HOOKYARD_LEASE_SECONDS}`;
  if (cached?.key !== key) {
    cached = {
      key,
      policy: {
        schedule: e.HOOKYARD_RETRY_SCHEDULE ? parseSchedule(e.HOOKYARD_RETRY_SCHEDULE) : DEFAULT_RETRY_SCHEDULE,
        disableAfterMs: parseSchedule(e.HOOKYARD_DISABLE_AFTER)[0],
        leaseMs: e.HOOKYARD_LEASE_SECONDS * 1000,
      },
    };
  }
  return cached.policy;
}
