// Endpoint health: track the start of an unbroken run of failures and disable an endpoint that
// has not had a single success for the configured window. Writes happen only on transitions, so
// a busy endpoint's row is not rewritten on every attempt.
import type { Endpoint } from "../db/generated/client";
import { db } from "../db/client";
import { emitDeliveryEvent } from "./events";
import { endpointDisabled } from "./telemetry";

export async function recordEndpointHealth(endpoint: Endpoint, succeeded: boolean, at: Date, disableAfterMs: number, error: string | null = null): Promise<void> {
  if (succeeded) {
    if (endpoint.failingSince) {
      await db().endpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
    }
    return;
  }
  if (!endpoint.failingSince) {
    const { count } = await db().endpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: at } });
    if (count === 1) await emitDeliveryEvent({ type: "endpoint.failing", endpoint, failingSince: at, lastError: error });
    return;
  }
  if (at.getTime() - endpoint.failingSince.getTime() >= disableAfterMs) {
    const reason = `Every delivery failed since ${endpoint.failingSince.toISOString()}; disabled automatically`;
    await disableEndpoint(endpoint, reason, "failing");
  }
}

/** Disables the endpoint (once) with a reason and stops its pending retries. "failing": only if
 * no success came in meanwhile (the failure window was reset); "gone": it answered 410. */
export async function disableEndpoint(endpoint: Pick<Endpoint, "id" | "tenantId" | "url">, reason: string, cause: "failing" | "gone"): Promise<void> {
  const endpointId = endpoint.id;
  const disabledAt = new Date();
  const disabled = await db().$transaction(async (tx) => {
    const { count } = await tx.endpoint.updateMany({
      where: { id: endpointId, disabled: false, ...(cause === "failing" ? { failingSince: { not: null } } : {}) },
      data: { disabled: true, disabledReason: reason, disabledAt },
    });
    if (count === 0) return false;
    await tx.delivery.updateMany({
      where: { endpointId, status: "pending" },
      data: { status: "canceled", nextAttemptAt: null, lastError: "Endpoint disabled" },
    });
    return true;
  });
  if (!disabled) return;
  endpointDisabled(endpointId, cause);
  await emitDeliveryEvent({ type: "endpoint.disabled", endpoint, reason, cause, disabledAt });
}
