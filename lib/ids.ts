// Prefixed, time-sortable identifiers (TypeID: prefix + base32 UUIDv7), Stripe/Svix style.
// Sorting by id sorts by creation time, so every list pages by keyset on `id`.
import { randomBytes } from "node:crypto";
import { TypeID, typeid } from "typeid-js";

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
  replay: "rpl",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return typeid(ID_PREFIXES[kind]).toString();
}

/** A UUIDv7 (RFC 9562) for `ms`: the time in the top 48 bits, then random bits, or — for `bound` —
 * the lowest id of that millisecond. */
function uuidV7At(ms: number, bound: boolean): Uint8Array {
  const bytes = bound ? new Uint8Array(16) : new Uint8Array(randomBytes(16));
  let t = Math.max(0, Math.floor(ms));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return bytes;
}

/** An id that sorts as if made at `at`: a delivery created now for a message published then
 * takes its place in publish order (ordered endpoints go by id). */
export function newIdAt(kind: IdKind, at: Date): string {
  return TypeID.fromUUIDBytes(ID_PREFIXES[kind], uuidV7At(at.getTime(), false)).toString();
}

/** The lowest id of kind `kind` made at `at` or later: `id < idBound(...)` means "made before". */
export function idBound(kind: IdKind, at: Date): string {
  return TypeID.fromUUIDBytes(ID_PREFIXES[kind], uuidV7At(at.getTime(), true)).toString();
}
