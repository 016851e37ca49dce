// The leases this process holds while their requests are in flight (and until their attempts are
// recorded), renewed together every third of the lease: a lease never runs out under a live
// request, only under a dead or cut-off holder.
import { isDatabaseUnavailable } from "../db/availability";
import { renewLeaseStates, type Lease } from "./lease";
import { deliveryPolicy } from "./policy";
import { errorFields, logger } from "../observability/log";
import { leasesRenewed } from "./telemetry";

const held = new Map<string, Lease>();
let timer: NodeJS.Timeout | undefined;
let renewing = false;
/** Leases found taken over at renewal (the holder looked dead: a long outage, a frozen process). */
let lostCount = 0;
let renewedCount = 0;

/** Keeps `lease` renewed until the returned function is called. */
export function holdLease(lease: Lease): () => void {
  held.set(lease.id, lease);
  timer ??= setInterval(() => void renewHeld(), Math.max(1_000, deliveryPolicy().leaseMs / 3)).unref();
  return () => {
    if (held.get(lease.id) === lease) held.delete(lease.id);
  };
}

export function heldLeaseStats() {
  return { held: held.size, renewed: renewedCount, lost: lostCount };
}

async function renewHeld(): Promise<void> {
  if (renewing) return;
  if (held.size === 0) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  renewing = true;
  try {
    const states = [...(await renewLeaseStates([...held.values()])).values()];
    const renewed = states.filter((s) => s === "renewed").length;
    // A lease whose record landed while the renewal was on its way is finished, not lost.
    const lost = states.filter((s) => s === "lost").length;
    renewedCount += renewed;
    lostCount += lost;
    leasesRenewed(renewed, lost);
  } catch (err) {
    // The database is away: the leases run on; the next renewal tries again.
    if (!isDatabaseUnavailable(err)) logger().error(errorFields(err), "lease renewal failed");
  } finally {
    renewing = false;
  }
}
