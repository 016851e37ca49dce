// What the engine tells the parts above it as it works: an endpoint started failing or was
// disabled, a delivery gave up or recovered after failures. Those parts — the operational
// webhooks (lib/operational-events, which publish through lib/messages) and the executors (which
// run the engine) — cannot be imported from here without making the engine depend on what
// depends on it, so they listen instead.
//
// Every process that delivers sets the listeners at start-up, all at once:
// lib/runtime/delivery-events.ts (the web server, the worker; the test harnesses call it too).
// Forgetting would silently drop operational webhooks, so the executors refuse to run in a process
// where it was not done (assertDeliveryListenersSet).
import type { Endpoint } from "../db/generated/client";

type EndpointRef = Pick<Endpoint, "id" | "tenantId" | "url">;

/** A delivery as the events name it: where it went, what it carried, after how many attempts. */
export interface DeliveryRef {
  tenantId: string;
  endpointId: string;
  url: string;
  messageId: string;
  deliveryId: string;
  eventType: string;
  attempts: number;
}

export type DeliveryEvent =
  /** An endpoint that was delivering failed (the first failure after a success). */
  | { type: "endpoint.failing"; endpoint: EndpointRef; failingSince: Date; lastError: string | null }
  /** The engine disabled an endpoint: it failed for HOOKYARD_DISABLE_AFTER, or answered 410 Gone. */
  | { type: "endpoint.disabled"; endpoint: EndpointRef; reason: string; cause: "failing" | "gone"; disabledAt: Date }
  /** A delivery's last scheduled attempt failed. */
  | { type: "delivery.exhausted"; delivery: DeliveryRef; lastResponseStatus: number | null; lastError: string | null }
  /** A delivery succeeded after failed attempts. */
  | { type: "delivery.recovered"; delivery: DeliveryRef };

export type DeliveryListener = (event: DeliveryEvent) => Promise<void>;

// One list per process, shared by every bundle Next.js makes of this module (the Inngest route's
// and instrumentation's are two).
const globalForEvents = globalThis as unknown as { hookyardDeliveryListeners?: readonly DeliveryListener[] };

/** Sets this process's listeners, replacing any set before (a start-up run twice adds nothing). */
export function setDeliveryListeners(listeners: readonly DeliveryListener[]): void {
  globalForEvents.hookyardDeliveryListeners = [...listeners];
}

/** Throws unless this process set its listeners: an executor calls it before it delivers anything. */
export function assertDeliveryListenersSet(): void {
  if (!globalForEvents.hookyardDeliveryListeners) {
    throw new Error(
      "The delivery engine's listeners are not set in this process (wireDeliveryEvents, lib/runtime/delivery-events.ts): operational webhooks and executor notices would be lost",
    );
  }
}

/** Tells each listener in turn, in the order they were set; a listener's error reaches the caller. */
export async function emitDeliveryEvent(event: DeliveryEvent): Promise<void> {
  for (const listener of globalForEvents.hookyardDeliveryListeners ?? []) await listener(event);
}
