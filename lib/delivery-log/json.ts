// API shapes of deliveries and attempts: an allow-list of fields (no lease internals).
import type { Attempt, Delivery, Message } from "../db/generated/client";
import type { AttemptJson, DeliveryJson } from "../schemas/messages";
import { buildWebhookBody } from "../delivery/signing";
import { hideCustomValues } from "../endpoints/header-masking";
import { ABORT_HEADER } from "../delivery/receiver-directives";

/** What the receiver's answer told us (receiver-directives.ts), read back from the stored response. */
function directiveOf(a: Attempt): AttemptJson["receiverDirective"] {
  if (a.succeeded || a.responseStatus === null) return null;
  if (a.responseStatus === 410) return "gone";
  const headers = (a.responseHeaders as Record<string, string> | null) ?? {};
  return headers[ABORT_HEADER]?.trim().toLowerCase() === "abort" ? "abort" : null;
}

export function deliveryJson(d: Delivery, extra: { endpointUrl?: string; isTest?: boolean; blockedBy?: string | null } = {}): DeliveryJson {
  return {
    id: d.id,
    tenantId: d.tenantId,
    messageId: d.messageId,
    endpointId: d.endpointId,
    ...(extra.endpointUrl !== undefined ? { endpointUrl: extra.endpointUrl } : {}),
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastResponseStatus: d.lastResponseStatus,
    lastError: d.lastError,
    ...(extra.blockedBy !== undefined ? { blockedBy: extra.blockedBy } : {}),
    ...(extra.isTest !== undefined ? { isTest: extra.isTest } : {}),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The request body is not stored per attempt: it is the message's, byte for byte, every time.
 * `readHeaders: false` (viewers) hides the values of the endpoint's custom headers. */
export function attemptJson(a: Attempt, message: Message, { readHeaders = true }: { readHeaders?: boolean } = {}): AttemptJson {
  const requestHeaders = a.requestHeaders as Record<string, string>;
  return {
    id: a.id,
    number: a.number,
    trigger: a.trigger,
    url: a.url,
    requestHeaders: readHeaders ? requestHeaders : hideCustomValues(requestHeaders),
    requestBody: buildWebhookBody(message),
    responseStatus: a.responseStatus,
    responseHeaders: (a.responseHeaders as Record<string, string> | null) ?? null,
    responseBody: a.responseBody,
    durationMs: a.durationMs,
    succeeded: a.succeeded,
    errorCategory: a.errorCategory as AttemptJson["errorCategory"],
    error: a.error,
    receiverDirective: directiveOf(a),
    startedAt: a.startedAt.toISOString(),
  };
}
