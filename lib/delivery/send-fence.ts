// The send fence: a disable, delete, rotation or edit of an endpoint (or a tenant's deletion)
// affects every request started after its API call returned.
//
// A worker reads what a request needs — the endpoint's state, URL and headers, the signing secrets
// and its lease — with its claim, and starts the request within SEND_FENCE_MS of sending that
// read; a read that old is refreshed first (loadClaimedContexts). The API call, for its part,
// waits SEND_FENCE_MS after its commit before it answers (a "commit wait", as in Spanner): a read
// sent before the commit has by then been sent or refreshed, and a read sent after it sees the
// change. Nothing is sent on the old state after the caller hears back.
import { env } from "../env";

export const SEND_FENCE_MS = 250;
/** Reads are refreshed this much earlier than the fence: room for the work between the check and
 * the request leaving (signing, handing it to its connection). */
const MARGIN_MS = 50;

/** Whether a context read at `readAt` (performance.now()) may still be sent on. */
export function readIsFresh(readAt: number, now = performance.now()): boolean {
  return now - readAt < SEND_FENCE_MS - MARGIN_MS;
}

/** The commit wait of an API call that changed what deliveries are sent with (see above). No
 * wait when nothing delivers (HOOKYARD_EXECUTOR=none). */
export async function waitOutSendFence(): Promise<void> {
  if (env().HOOKYARD_EXECUTOR === "none") return;
  await new Promise((resolve) => setTimeout(resolve, SEND_FENCE_MS));
}
