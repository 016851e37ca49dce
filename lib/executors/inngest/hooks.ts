// The executor hooks of the `inngest` executor: what happens in Hookyard becomes Inngest events.
//
// Sending fails soft. The database already holds the deliveries when a hook runs, so an Inngest
// that cannot be reached must not fail the publish (or retry, or endpoint update) that called it:
// the error is logged and the sweeper re-sends every delivery that falls overdue.
import type { DueDelivery, DueReason, ExecutorHooks } from "../due";
import { endpointDeleted, endpointDisabled, inngest, messagePublished } from "./client";
import { chunk, scheduledEvent, withRateLimits } from "./scheduling";
import { errorFields, logger } from "../../observability/log";

type Event = Extract<Parameters<typeof inngest.send>[0], unknown[]>[number];

async function sendSoftly(what: string, events: Event[]): Promise<void> {
  try {
    for (const batch of chunk(events)) await inngest.send(batch);
  } catch (err) {
    logger().error({ what, ...errorFields(err) }, "inngest: could not send events; overdue deliveries are re-sent by the sweeper");
  }
}

function tenantOf(d: DueDelivery): string | undefined {
  const tenantId = (d as DueDelivery & { tenantId?: unknown }).tenantId;
  return typeof tenantId === "string" ? tenantId : undefined;
}

export const inngestHooks: ExecutorHooks = {
  async deliveriesDue(deliveries: DueDelivery[], reason: DueReason) {
    if (deliveries.length === 0) return;
    if (reason === "published") {
      // One event per message; the fan-out function reads its deliveries from the database.
      const messages = new Map<string, string | undefined>();
      for (const d of deliveries) messages.set(d.messageId, tenantOf(d));
      const events = [...messages].map(([messageId, tenantId]) =>
        messagePublished.create(tenantId ? { messageId, tenantId } : { messageId }, { id: `publish-${messageId}` }),
      );
      await sendSoftly(`${events.length} message.published event(s)`, events);
      return;
    }
    // A manual retry, test message or recovery is a deliberate new request: no event id, so it
    // always starts a run (a run still sleeping for the same delivery steps aside, see deliver.ts).
    let events: Event[];
    try {
      events = (await withRateLimits(deliveries)).map((d) => scheduledEvent(d));
    } catch (err) {
      logger().error({ reason, ...errorFields(err) }, "inngest: could not prepare events");
      return;
    }
    await sendSoftly(`${events.length} delivery.scheduled event(s) (${reason})`, events);
  },
  async endpointDisabled(endpointId: string) {
    await sendSoftly("endpoint.disabled", [endpointDisabled.create({ endpointId })]);
  },
  async endpointDeleted(endpointId: string) {
    await sendSoftly("endpoint.deleted", [endpointDeleted.create({ endpointId })]);
  },
};
