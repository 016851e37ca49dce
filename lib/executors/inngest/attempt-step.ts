// What one `attempt-<n>` step of the deliver function does: run attemptDelivery (the same claim,
// send, record and schedule the local executor uses) and then tell the run what to do next —
// stop, or sleep `waitMs` and try again. Returns plain JSON: step results are serialized.
import { db } from "../../db/client";
import { attemptDelivery, type AttemptResult } from "../../delivery/attempt";
import { heldNow } from "../../delivery/lease";

/** Never sleep less than this before trying again (Inngest sleeps in whole seconds anyway). */
export const MIN_WAIT_MS = 1000;

export type StopReason =
  /** succeeded, failed or canceled: nothing more to do. */
  | "finished"
  /** Another run or executor holds the delivery's lease right now; it carries the schedule on. */
  | "held-elsewhere"
  /** The delivery no longer exists (its endpoint or tenant was deleted). */
  | "gone";

export interface AttemptStepResult {
  outcome: AttemptResult["outcome"];
  attemptNumber: number | null;
  succeeded: boolean | null;
  status: "pending" | "succeeded" | "failed" | "canceled" | null;
  /** ISO 8601; strings rather than Dates because the step result goes through JSON. */
  nextAttemptAt: string | null;
  /** Sleep this long, then run the next attempt step; null means stop. */
  waitMs: number | null;
  stopReason: StopReason | null;
}

interface DeliveryState {
  status: AttemptStepResult["status"];
  nextAttemptAt: Date | null;
  held: boolean;
  /** Until nextAttemptAt by the database's clock (the one claims compare against). */
  untilDueMs: number | null;
}

async function deliveryState(deliveryId: string): Promise<DeliveryState | null> {
  const rows = await db().$queryRaw<DeliveryState[]>`
    SELECT status::text AS status, "nextAttemptAt",
      ${heldNow("d")} AS held,
      (EXTRACT(EPOCH FROM ("nextAttemptAt" - now() AT TIME ZONE 'UTC')) * 1000)::float8 AS "untilDueMs"
    FROM "Delivery" d WHERE id = ${deliveryId}`;
  return rows[0] ?? null;
}

/** The decision after an attempt (or a skipped one), from the delivery's state as stored now. */
export function nextStep(state: DeliveryState | null): Pick<AttemptStepResult, "waitMs" | "stopReason"> {
  if (!state) return { waitMs: null, stopReason: "gone" };
  if (state.status !== "pending" || state.untilDueMs === null) return { waitMs: null, stopReason: "finished" };
  // Held by someone else: that run (or local worker) records the attempt and moves the delivery
  // along; a second run following the same delivery would only duplicate its work. If the holder
  // dies, its lease expires and the sweeper re-sends the delivery.
  if (state.held) return { waitMs: null, stopReason: "held-elsewhere" };
  return { waitMs: Math.max(MIN_WAIT_MS, Math.ceil(state.untilDueMs)), stopReason: null };
}

export async function attemptStep(deliveryId: string): Promise<AttemptStepResult> {
  const result = await attemptDelivery(deliveryId, { onlyIfDue: true });
  const state = await deliveryState(deliveryId);
  return {
    outcome: result.outcome,
    attemptNumber: result.attemptNumber ?? null,
    succeeded: result.succeeded ?? null,
    status: state?.status ?? null,
    nextAttemptAt: state?.nextAttemptAt ? new Date(state.nextAttemptAt).toISOString() : null,
    ...nextStep(state),
  };
}
