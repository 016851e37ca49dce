// Prefixed, time-sortable identifiers (TypeID: prefix + base32 UUIDv7), Stripe/Svix style.
// Sorting by id sorts by creation time, so every list pages by keyset on `id`.
import { typeid } from "typeid-js";

export const ID_PREFIXES = {
  tenant: "ten",
  membership: "mem",
  invitation: "inv",
  apiKey: "key",
  eventType: "evt",
  endpoint: "ep",
  endpointSecret: "sec",
  message: "msg",
  delivery: "dlv",
  attempt: "atm",
  inbox: "inb",
  inboxRequest: "req",
  portalSession: "pts",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return typeid(ID_PREFIXES[kind]).toString();
}
