// One run per delivery: attempt, sleep until the retry schedule says, attempt again — until the
// delivery is succeeded, failed or canceled. Each attempt is a step, so a crash between attempts
// resumes where it stopped and a finished attempt is never sent again.
import { env } from "../../../env";
import { deliveryPolicy } from "../../../delivery/policy";
import { attemptStep, type AttemptStepResult } from "../attempt-step";
import { deliveryScheduled, endpointDeleted, endpointDisabled, inngest } from "../client";
import { DELIVERY_THROTTLE } from "../scheduling";

/** Attempt steps beyond the schedule's length a run may take (skips when woken a little early,
 * a manual retry in between). A run that reaches the bound just ends; the sweeper picks up a
 * delivery that is still pending. */
export const EXTRA_ITERATIONS = 5;

const sameEndpoint = "async.data.endpointId == event.data.endpointId";

export const deliverFunction = inngest.createFunction(
  {
    id: "deliver",
    name: "Deliver a webhook",
    triggers: [deliveryScheduled],
    // Attempts in flight per tenant and per endpoint across every machine (sleeping runs don't
    // count): one tenant's hanging endpoints hold at most its share of Inngest's capacity, the
    // local executor's per-tenant and per-endpoint bounds (there per worker, here in all).
    concurrency: [
      { key: "event.data.tenantId", limit: env().HOOKYARD_WORKER_CONCURRENCY_PER_TENANT },
      { key: "event.data.endpointId", limit: env().HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT },
    ],
    // The endpoint's rate limit as lanes of 1 run start per second: see scheduling.ts.
    throttle: { ...DELIVERY_THROTTLE },
    cancelOn: [
      { event: endpointDisabled, if: sameEndpoint },
      { event: endpointDeleted, if: sameEndpoint },
    ],
    // Retries of a step that threw (database unreachable); a failed HTTP attempt is not an error.
    retries: 5,
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data;
    const maxIterations = deliveryPolicy().schedule.length + EXTRA_ITERATIONS;
    let last: AttemptStepResult | undefined;
    for (let n = 1; n <= maxIterations; n++) {
      last = await step.run(`attempt-${n}`, () => attemptStep(deliveryId));
      if (last.waitMs === null) return { deliveryId, iterations: n, ...last };
      // A duration measured against the database's clock (the one claims compare nextAttemptAt
      // with) rather than step.sleepUntil(nextAttemptAt), which Inngest would read by its own.
      await step.sleep(`wait-${n}`, last.waitMs);
    }
    return { deliveryId, iterations: maxIterations, ...last, stopReason: "max-iterations" as const };
  },
);
