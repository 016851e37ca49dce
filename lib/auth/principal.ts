// Who is calling: an API key (Authorization: Bearer hy_...), a portal session (its cookie: one
// tenant, one role, no account — lib/portal) or a signed-in dashboard user (the next-auth session
// cookie). All reach the same /api/v1 handlers. authenticate.ts tells which from a request.
import type { MembershipRole } from "../db/generated/client";
import { forbidden } from "../errors";
import type { PortalFeatures } from "../schemas/portal";

export type Principal =
  | { type: "admin_key"; keyId: string }
  | { type: "tenant_key"; keyId: string; tenantId: string; role: MembershipRole }
  | { type: "user"; userId: string; isAdmin: boolean; roles: ReadonlyMap<string, MembershipRole> }
  | { type: "portal"; sessionId: string; tenantId: string; role: MembershipRole; features: PortalFeatures };

export function isAdmin(p: Principal): boolean {
  return p.type === "admin_key" || (p.type === "user" && p.isAdmin);
}

export function requireAdmin(p: Principal): void {
  if (!isAdmin(p)) throw forbidden("This route needs an admin API key or an operator admin");
}
