// "Send test event": a message flagged as a test, delivered to one endpoint only.
import type { TenantScope } from "../db/tenant-scope";
import { conflict } from "../errors";
import { PING_EVENT_TYPE, findEventTypeCached, latestOf } from "../event-types/event-types";
import { publishTestMessage } from "../messages/publish";
import { getEndpoint } from "./endpoints";

export async function sendTestEvent(
  scope: TenantScope,
  endpointId: string,
  input: { eventType?: string; payload?: unknown },
): Promise<{ messageId: string; deliveryId: string }> {
  const endpoint = await getEndpoint(scope, endpointId);
  if (endpoint.disabled) throw conflict("The endpoint is disabled: enable it before sending a test event");
  // Default: the endpoint's first subscribed type, or the built-in ping when it takes every type.
  const eventType = input.eventType ?? endpoint.eventTypes[0] ?? PING_EVENT_TYPE;
  // At the version the endpoint receives the type (its pin, or the latest), with that version's example.
  const pin = (endpoint.pinnedVersions as Record<string, number>)[eventType];
  const type = eventType === PING_EVENT_TYPE ? null : await findEventTypeCached(eventType);
  const version = type ? (type.versions.find((v) => v.version === pin) ?? latestOf(type)) : undefined;
  const payload = input.payload !== undefined ? input.payload : (version?.examplePayload ?? defaultPayload(endpoint.id));
  const { message, deliveries } = await publishTestMessage(scope, endpoint.id, eventType, payload, { version: version?.version });
  return { messageId: message.id, deliveryId: deliveries[0].id };
}

function defaultPayload(endpointId: string): unknown {
  return { message: "Test event from Hookyard", endpointId, sentAt: new Date().toISOString() };
}
