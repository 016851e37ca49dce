// The engine's events (lib/delivery/events.ts) as operational webhooks: an endpoint failing or
// disabled, a delivery that gave up or recovered. Listened to in every process that delivers
// (lib/runtime/delivery-events.ts); the events the API causes (an endpoint created, changed,
// deleted) are published by lib/endpoints directly.
import type { DeliveryEvent } from "../delivery/events";
import { emitOperationalEvent } from "./emit";

export async function publishDeliveryEvent(event: DeliveryEvent): Promise<void> {
  switch (event.type) {
    case "endpoint.failing": {
      const { endpoint, failingSince, lastError } = event;
      return emitOperationalEvent("hookyard.endpoint.failing", endpoint.tenantId, {
        endpointId: endpoint.id,
        url: endpoint.url,
        failingSince: failingSince.toISOString(),
        lastError,
      });
    }
    case "endpoint.disabled": {
      const { endpoint, reason, cause, disabledAt } = event;
      return emitOperationalEvent("hookyard.endpoint.disabled", endpoint.tenantId, {
        endpointId: endpoint.id,
        url: endpoint.url,
        reason,
        cause,
        disabledAt: disabledAt.toISOString(),
      });
    }
    case "delivery.exhausted": {
      const { tenantId, ...ref } = event.delivery;
      return emitOperationalEvent("hookyard.message.attempt.exhausted", tenantId, { ...ref, lastResponseStatus: event.lastResponseStatus, lastError: event.lastError });
    }
    case "delivery.recovered": {
      const { tenantId, ...ref } = event.delivery;
      return emitOperationalEvent("hookyard.delivery.recovered", tenantId, ref);
    }
  }
}
