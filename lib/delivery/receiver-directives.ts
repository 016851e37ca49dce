// What a receiver can tell us about its deliveries beyond success or failure:
// - `410 Gone`: the endpoint no longer exists. It is disabled at once (reason recorded) and this
//   delivery is not retried; nothing more is sent until someone re-enables it.
// - the response header `webhook-delivery: abort`: do not retry this message (the receiver has
//   seen it and will never accept it, e.g. it refers to something deleted). Only that delivery
//   stops; the endpoint keeps receiving others.
// (Retry-After on a 429 or 503 is the third: retry-after.ts.)
import type { SendOutcome } from "./http-client";

export const ABORT_HEADER = "webhook-delivery";

export interface ReceiverDirective {
  /** Why this delivery gets no more attempts, or null. */
  stop: string | null;
  /** Why the endpoint is disabled at once, or null. */
  disable: string | null;
}

export function receiverDirective(outcome: SendOutcome, at: Date): ReceiverDirective {
  if (outcome.ok) return { stop: null, disable: null };
  if (outcome.status === 410) {
    return {
      stop: "the endpoint answered 410 Gone: no more retries, and the endpoint is disabled",
      disable: `The endpoint answered 410 Gone at ${at.toISOString()}; disabled at the receiver's request`,
    };
  }
  const header = outcome.headers?.[ABORT_HEADER]?.trim().toLowerCase();
  if (header === "abort") return { stop: `the receiver asked not to retry this message (${ABORT_HEADER}: abort)`, disable: null };
  return { stop: null, disable: null };
}
