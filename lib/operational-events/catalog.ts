// Hookyard's own events, for the operator's operational webhooks (as Svix's): what happens to
// tenants' endpoints and deliveries, published to the built-in operator tenant (tenant.ts) and
// delivered, signed and retried by the same engine to the endpoints the operator registers there.
// The names live under `hookyard.`, which the API reserves.

const tenantRef = { tenantId: { type: "string" }, tenantUid: { type: ["string", "null"] } };
const endpointRef = { endpointId: { type: "string" }, url: { type: "string" } };
const deliveryRef = { messageId: { type: "string" }, deliveryId: { type: "string" }, eventType: { type: "string" }, attempts: { type: "integer" } };

function objectSchema(properties: Record<string, object>): object {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: true };
}

const example = { tenantId: "ten_01jd8x3q4b9v2k5n7m1c0a6e8f", tenantUid: "acme", endpointId: "ep_01jd8x3q4b9v2k5n7m1c0a6e8f", url: "https://example.com/webhooks" };

export const OPERATIONAL_EVENT_TYPES = {
  "hookyard.endpoint.created": {
    description: "An endpoint was created",
    schema: objectSchema({ ...tenantRef, ...endpointRef, eventTypes: { type: "array", items: { type: "string" } } }),
    example: { ...example, eventTypes: ["order.completed"] },
  },
  "hookyard.endpoint.updated": {
    description: "An endpoint was changed (URL, types, headers, limits, enabled or disabled)",
    schema: objectSchema({ ...tenantRef, ...endpointRef, eventTypes: { type: "array", items: { type: "string" } }, disabled: { type: "boolean" } }),
    example: { ...example, eventTypes: [], disabled: false },
  },
  "hookyard.endpoint.deleted": {
    description: "An endpoint was deleted",
    schema: objectSchema({ ...tenantRef, endpointId: { type: "string" } }),
    example: { tenantId: example.tenantId, tenantUid: example.tenantUid, endpointId: example.endpointId },
  },
  "hookyard.endpoint.disabled": {
    description: "An endpoint was disabled: by hand, after failing without a success for too long, or because it answered 410 Gone",
    schema: objectSchema({ ...tenantRef, ...endpointRef, reason: { type: "string" }, cause: { enum: ["manual", "failing", "gone"] }, disabledAt: { type: "string" } }),
    example: { ...example, reason: "The endpoint answered 410 Gone at 2026-11-30T12:00:00.000Z; disabled at the receiver's request", cause: "gone", disabledAt: "2026-11-30T12:00:00.000Z" },
  },
  "hookyard.endpoint.failing": {
    description: "An endpoint that was delivering started failing (its first failed attempt after a success)",
    schema: objectSchema({ ...tenantRef, ...endpointRef, failingSince: { type: "string" }, lastError: { type: ["string", "null"] } }),
    example: { ...example, failingSince: "2026-11-30T12:00:00.000Z", lastError: "HTTP 503" },
  },
  "hookyard.message.attempt.exhausted": {
    description: "A delivery gave up: its last scheduled attempt failed",
    schema: objectSchema({ ...tenantRef, ...endpointRef, ...deliveryRef, lastResponseStatus: { type: ["integer", "null"] }, lastError: { type: ["string", "null"] } }),
    example: { ...example, messageId: "msg_01jd8x3q4b9v2k5n7m1c0a6e8f", deliveryId: "dlv_01jd8x3q4b9v2k5n7m1c0a6e8f", eventType: "order.completed", attempts: 8, lastResponseStatus: 500, lastError: "HTTP 500" },
  },
  "hookyard.delivery.recovered": {
    description: "A delivery succeeded after failed attempts",
    schema: objectSchema({ ...tenantRef, ...endpointRef, ...deliveryRef }),
    example: { ...example, messageId: "msg_01jd8x3q4b9v2k5n7m1c0a6e8f", deliveryId: "dlv_01jd8x3q4b9v2k5n7m1c0a6e8f", eventType: "order.completed", attempts: 3 },
  },
} as const;

export type OperationalEventType = keyof typeof OPERATIONAL_EVENT_TYPES;

/** The namespace of Hookyard's own event types (and the test ping): not for the operator's catalog. */
export const RESERVED_EVENT_TYPE_PREFIX = "hookyard.";
