// Building `hookyard/delivery.scheduled` events, shared by the publish hooks, the fan-out and the
// sweeper — and the endpoint's rate limit expressed as Inngest throttle lanes.
//
// Inngest's `throttle` limit is static in the function config, while every endpoint has its own
// rateLimitPerSecond. So the deliver function is throttled at 1 run start per second per *lane*,
// keyed by `endpointId:lane`, and an endpoint limited to N/s spreads its deliveries over N lanes
// (the lane is a hash of the delivery id, so a re-sent event lands in the same lane): N lanes ×
// 1/s = at most N starts per second, enforced by Inngest across every machine. An endpoint with
// no limit gets the delivery id as its lane — a key of its own, so nothing waits.
import { createHash } from "node:crypto";
import { db } from "../../db/client";
import { deliveryScheduled, type DeliveryScheduledData } from "./client";

/** At most this many events per step.sendEvent / inngest.send call. */
export const SEND_BATCH = 500;

/** The throttle of the deliver function (see above); the key is a CEL expression. */
export const DELIVERY_THROTTLE = {
  key: 'event.data.endpointId + ":" + event.data.lane',
  limit: 1,
  period: "1s",
} as const;

export interface SchedulableDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  rateLimitPerSecond: number | null;
}

export function throttleLane(deliveryId: string, rateLimitPerSecond: number | null): string {
  if (!rateLimitPerSecond || rateLimitPerSecond < 1) return deliveryId;
  const hash = createHash("sha256").update(deliveryId).digest().readUInt32BE(0);
  return String(hash % Math.floor(rateLimitPerSecond));
}

export function scheduledData(d: SchedulableDelivery): DeliveryScheduledData {
  return {
    deliveryId: d.id,
    tenantId: d.tenantId,
    endpointId: d.endpointId,
    lane: throttleLane(d.id, d.rateLimitPerSecond),
    rateLimitPerSecond: d.rateLimitPerSecond,
  };
}

/** A delivery.scheduled event; `id` makes Inngest drop a repeat of it (24 h window). */
export function scheduledEvent(d: SchedulableDelivery, id?: string) {
  return deliveryScheduled.create(scheduledData(d), id ? { id } : undefined);
}

/** The deliveries with their endpoints' tenants and rate limits (for events sent outside a
 * fan-out); those whose endpoint is gone are left out. */
export async function withRateLimits(deliveries: { id: string; endpointId: string }[]): Promise<SchedulableDelivery[]> {
  const endpointIds = [...new Set(deliveries.map((d) => d.endpointId))];
  const endpoints = await db().endpoint.findMany({ where: { id: { in: endpointIds } }, select: { id: true, tenantId: true, rateLimitPerSecond: true } });
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return deliveries.flatMap((d) => {
    const endpoint = byId.get(d.endpointId);
    return endpoint ? [{ id: d.id, tenantId: endpoint.tenantId, endpointId: d.endpointId, rateLimitPerSecond: endpoint.rateLimitPerSecond }] : [];
  });
}

export function chunk<T>(items: T[], size = SEND_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
