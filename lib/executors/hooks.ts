// How the rest of Hookyard tells the configured executor that something happened: deliveries
// became due (published, retried, tested, recovered), or an endpoint stopped taking deliveries.
import { db } from "../db/client";
import type { DeliveryEvent } from "../delivery/events";
import { env } from "../env";
import { DUE_CHANNEL, type ExecutorHooks } from "./due";
import { wakeLocalExecutor } from "./local/wake";

const localHooks: ExecutorHooks = {
  async deliveriesDue(deliveries, _reason, options) {
    if (deliveries.length === 0) return;
    // A worker in this process starts at once; other processes hear the notification.
    wakeLocalExecutor();
    if (!options?.notified) await db().$executeRawUnsafe(`NOTIFY ${DUE_CHANNEL}`);
  },
  async endpointDisabled() {},
  async endpointDeleted() {},
};

const noHooks: ExecutorHooks = {
  async deliveriesDue() {},
  async endpointDisabled() {},
  async endpointDeleted() {},
};

/** Loads the Inngest SDK only when that executor is selected. */
const inngestHooks: ExecutorHooks = {
  deliveriesDue: async (d, why) => (await import("./inngest/hooks")).inngestHooks.deliveriesDue(d, why),
  endpointDisabled: async (id) => (await import("./inngest/hooks")).inngestHooks.endpointDisabled(id),
  endpointDeleted: async (id) => (await import("./inngest/hooks")).inngestHooks.endpointDeleted(id),
};

/** Whether a statement creating due deliveries should `pg_notify(DUE_CHANNEL)` itself (saving the
 * executor hook a round trip): only the local executor listens on that channel. */
export function notifyInStatement(): boolean {
  return env().HOOKYARD_EXECUTOR === "local";
}

export function executorHooks(): ExecutorHooks {
  switch (env().HOOKYARD_EXECUTOR) {
    case "local":
      return localHooks;
    case "inngest":
      return inngestHooks;
    default:
      return noHooks;
  }
}

/** The engine's events (lib/delivery/events.ts) the executor must hear: an endpoint the engine
 * disabled (Inngest ends its scheduled runs). Listened to in every process that delivers. */
export async function tellExecutor(event: DeliveryEvent): Promise<void> {
  if (event.type === "endpoint.disabled") await executorHooks().endpointDisabled(event.endpoint.id);
}
