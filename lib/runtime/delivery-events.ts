// Who hears what the delivery engine does (lib/delivery/events.ts), set in every process that
// delivers: the web server (single-process mode, and the Inngest route, which runs the engine in
// the web server), the worker, and the test harnesses. The engine's executors refuse to start in
// a process that did not: its operational webhooks would be lost without a word.
import { setDeliveryListeners } from "../delivery/events";
import { tellExecutor } from "../executors/hooks";
import { publishDeliveryEvent } from "../operational-events/delivery-events";

export function wireDeliveryEvents(): void {
  // The executor first: it hears of a disabled endpoint before the operator's webhook is published.
  setDeliveryListeners([tellExecutor, publishDeliveryEvent]);
}
