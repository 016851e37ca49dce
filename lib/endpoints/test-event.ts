// "Send test event": a message flagged as a test, delivered to one endpoint only.
import type { TenantDb } from "../db/tenant-scope";
import { db } from "../db/client";
import { conflict } from "../api/errors";
import { PING_EVENT_TYPE } from "../event-types/event-types";
import { publishTestMessage } from "../messages/publish";
import { getEndpoint } from "./endpoints";

export async function sendTestEvent(
  tdb: TenantDb,
  tenantId: string,
  endpointId: string,
  input: { eventType?: string; payload?: unknown },
): Promise<{ messageId: string; deliveryId: string }> {
  const endpoint = await getEndpoint(tdb, endpointId);
  if (endpoint.disabled) throw conflict("The endpoint is disabled: enable it before sending a test event");
  // Default: the endpoint's first subscribed type, or the built-in ping when it takes every type.
  const eventType = input.eventType ?? endpoint.eventTypes[0] ?? PING_EVENT_TYPE;
  const payload = input.payload !== undefined ? input.payload : await examplePayload(eventType, endpoint.id);
  const { message, deliveries } = await publishTestMessage(tdb, tenantId, endpoint.id, eventType, payload);
  return { messageId: message.id, deliveryId: deliveries[0].id };
}

async function examplePayload(eventType: string, endpointId: string): Promise<unknown> {
  if (eventType !== PING_EVENT_TYPE) {
    const type = await db().eventType.findUnique({ where: { name: eventType }, select: { examplePayload: true } });
    if (type?.examplePayload != null) return type.examplePayload;
  }
  return { message: "Test event from Hookyard", endpointId, sentAt: new Date().toISOString() };
}
