// The Inngest client of the `inngest` executor and the events Hookyard sends through it.
//
// Cloud mode (signed requests, event key required) unless INNGEST_DEV is set: `1`/`true` for the
// Dev Server on its default address, or a URL for a Dev Server elsewhere. INNGEST_BASE_URL
// points both the event API and the API at a self-hosted `inngest start`.
import { Inngest, eventType, staticSchema, type ClientOptions } from "inngest";
import { env, type Env } from "../../env";

export type MessagePublishedData = { messageId: string; tenantId?: string };

export type DeliveryScheduledData = {
  deliveryId: string;
  /** The concurrency key that shares Inngest's capacity between tenants (see deliver.ts). */
  tenantId: string;
  endpointId: string;
  /** Throttle lane (see scheduling.ts): one of the endpoint's rate-limit lanes, or the delivery id
   * when the endpoint has no rate limit. */
  lane: string;
  /** The endpoint's rate limit when the event was sent, for the trace; pacing uses `lane`. */
  rateLimitPerSecond: number | null;
};

export type EndpointEventData = { endpointId: string };

/** A message was published: fan it out to its deliveries. */
export const messagePublished = eventType("hookyard/message.published", { schema: staticSchema<MessagePublishedData>() });
/** One delivery is due (first attempt, manual retry, test, recovery or sweeper rescue). */
export const deliveryScheduled = eventType("hookyard/delivery.scheduled", { schema: staticSchema<DeliveryScheduledData>() });
/** Cancels the endpoint's delivery runs (cancelOn). */
export const endpointDisabled = eventType("hookyard/endpoint.disabled", { schema: staticSchema<EndpointEventData>() });
export const endpointDeleted = eventType("hookyard/endpoint.deleted", { schema: staticSchema<EndpointEventData>() });

/** The client options Hookyard's configuration asks for. */
export function inngestClientOptions(e: Pick<Env, "INNGEST_DEV" | "INNGEST_EVENT_KEY" | "INNGEST_SIGNING_KEY" | "INNGEST_BASE_URL">): ClientOptions {
  const dev = e.INNGEST_DEV?.trim().toLowerCase();
  const devUrl = dev && /^https?:\/\//.test(dev) ? e.INNGEST_DEV!.trim() : undefined;
  const isDev = devUrl !== undefined || dev === "1" || dev === "true" || dev === "yes";
  return {
    id: "hookyard",
    isDev,
    baseUrl: e.INNGEST_BASE_URL ?? devUrl,
    eventKey: e.INNGEST_EVENT_KEY,
    signingKey: e.INNGEST_SIGNING_KEY,
  };
}

export const inngest = new Inngest(inngestClientOptions(env()));
