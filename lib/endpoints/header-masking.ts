// Custom headers carry receivers' credentials (`authorization: Bearer …`, API keys): like the
// signing secret, their values are for the endpoint's editors only. Read-only callers (viewers,
// viewer keys) see the names with HIDDEN_HEADER_VALUE instead, in endpoints, attempts and inboxes.
import type { Principal } from "../auth/principal";
import { may } from "../auth/roles";
import { HIDDEN_HEADER_VALUE } from "../schemas/endpoints";

/** May this caller see custom header values in the tenant? Those who may read credentials may. */
export function mayReadHeaderValues(principal: Principal, tenantId: string): boolean {
  return may(principal, tenantId, "readCredentials");
}

/** Headers every delivery carries and that hold nothing secret: Standard Webhooks' and HTTP's own. */
const PUBLIC_REQUEST_HEADER = /^(webhook-(id|timestamp|signature)|content-type|content-length|user-agent|host|connection|accept|accept-encoding|x-forwarded-(for|host|port|proto))$/i;

/** Every value hidden: an endpoint's custom headers. */
export function hideAllValues(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, HIDDEN_HEADER_VALUE]));
}

/** A request as sent or received: our own headers stay readable, any other value is hidden. */
export function hideCustomValues(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, PUBLIC_REQUEST_HEADER.test(name) ? value : HIDDEN_HEADER_VALUE]));
}
