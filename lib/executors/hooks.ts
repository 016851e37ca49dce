// How the rest of Hookyard tells the configured executor that something happened: deliveries
// became due (published, retried, tested, recovered), or an endpoint stopped taking deliveries.
import { hot, hotQuery } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { DeliveryEvent } from "../delivery/events";
import { env } from "../env";
import { DUE_CHANNEL, type ExecutorHooks } from "./due";
import { wakeLocalExecutor } from "./local/wake";

const localHooks: ExecutorHooks = {
  async deliveriesDue(deliveries) {
    if (deliveries.length === 0) return;
    // A worker in this process starts at once; other processes hear the notification.
    wakeLocalExecutor();
    nudgeWorkers();
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

/**
 * NOTIFYs the workers (DUE_CHANNEL) after the caller's commit, in a transaction of its own that
 * does not wait for its WAL flush, and at most one at a time: those asked for meanwhile become one
 * more, sent after it.
 *
 * PostgreSQL serialises the commits of transactions that NOTIFY (a database-wide lock, held
 * until the commit's WAL flush), so a NOTIFY inside the publish statement made every publish's
 * commit wait for the previous one's flush: with flushes of 5–15 ms on a busy host, a steady
 * 200 publishes/s queued (publish p99 709 and 1,138 ms, against 160 and 119 ms this way, same
 * build, bench/README.md Round 6). Not waiting for the flush loses nothing that matters: a
 * notification is only a hint; workers also look for due work every second, and the publish
 * itself committed durably before this runs.
 */
let nudging = false;
let nudgeAgain = false;
function nudgeWorkers(): void {
  if (nudging) {
    nudgeAgain = true;
    return;
  }
  nudging = true;
  void hotQuery(Prisma.sql`${hot("nudge")} SELECT set_config('synchronous_commit', 'off', true), pg_notify(${DUE_CHANNEL}, '')`)
    .catch(() => {})
    .finally(() => {
      nudging = false;
      if (nudgeAgain) {
        nudgeAgain = false;
        nudgeWorkers();
      }
    });
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
