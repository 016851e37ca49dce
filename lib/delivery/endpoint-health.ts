// Endpoint health: track the start of an unbroken run of failures and disable an endpoint that
// has not had a single success for the configured window. Writes happen only on transitions, so
// a busy endpoint's row is not rewritten on every attempt.
import type { Endpoint } from "../db/generated/client";
import { db } from "../db/client";
import { executorHooks } from "../executors/hooks";
import { endpointDisabled } from "../observability/delivery-telemetry";

export async function recordEndpointHealth(endpoint: Endpoint, succeeded: boolean, at: Date, disableAfterMs: number): Promise<void> {
  if (succeeded) {
    if (endpoint.failingSince) {
      await db().endpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
    }
    return;
  }
  if (!endpoint.failingSince) {
    await db().endpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: at } });
    return;
  }
  if (at.getTime() - endpoint.failingSince.getTime() >= disableAfterMs) {
    await disableFailingEndpoint(endpoint.id, endpoint.failingSince);
  }
}

/** Disables the endpoint (once) and stops its pending retries. */
async function disableFailingEndpoint(endpointId: string, failingSince: Date): Promise<void> {
  const reason = `Every delivery failed since ${failingSince.toISOString()}; disabled automatically`;
  const disabled = await db().$transaction(async (tx) => {
    const { count } = await tx.endpoint.updateMany({
      // Still failing (no success reset failingSince meanwhile) and not already disabled.
      where: { id: endpointId, disabled: false, failingSince: { not: null } },
      data: { disabled: true, disabledReason: reason, disabledAt: new Date() },
    });
    if (count === 0) return false;
    await tx.delivery.updateMany({
      where: { endpointId, status: "pending" },
      data: { status: "canceled", nextAttemptAt: null, lastError: "Endpoint disabled" },
    });
    return true;
  });
  if (!disabled) return;
  endpointDisabled(endpointId, "failing");
  await executorHooks().endpointDisabled(endpointId);
}
