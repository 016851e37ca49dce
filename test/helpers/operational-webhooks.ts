// The operator listening to Hookyard's operational webhooks: an endpoint of the built-in operator
// tenant on a test receiver, and the events that reached it, each verified with that endpoint's
// signing secret.
import { Webhook } from "standardwebhooks";
import { ensureOperatorTenant } from "../../lib/operational-events/tenant";
import { get, post } from "./api";
import type { Receiver } from "./receiver";

export interface OperationalEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface OperatorListener {
  operatorTenantId: string;
  /** The events received so far, verified, in arrival order. */
  events(): OperationalEvent[];
  /** The data of the first event of `type` that `match`es, waited for up to 10 s. */
  eventOf(type: string, match: (data: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Registers `receiver`'s `path` as an endpoint of the operator tenant (made if missing). */
export async function listenAsOperator(admin: string, receiver: Receiver, path = "/ops"): Promise<OperatorListener> {
  const operatorTenantId = (await ensureOperatorTenant()).id;
  const endpoint = await post(`/api/v1/tenants/hookyard:operator/endpoints`, { url: new URL(path, receiver.url).toString() }, admin);
  if (endpoint.status !== 201) throw new Error(`operator endpoint not created: ${endpoint.text}`);
  const secret = (await get(`/api/v1/tenants/${operatorTenantId}/endpoints/${endpoint.body.id}/secret`, admin)).body.secret;
  const events = () =>
    receiver.requests.filter((r) => r.path === path).map((r) => new Webhook(secret).verify(r.body, r.headers) as OperationalEvent);
  return {
    operatorTenantId,
    events,
    async eventOf(type, match) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = events().find((e) => e.type === type && match(e.data));
        if (found) return found.data;
        if (Date.now() > deadline) throw new Error(`no ${type}; got ${JSON.stringify(events().map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
