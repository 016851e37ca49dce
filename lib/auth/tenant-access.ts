// Which tenant a request may act on. `{tenant}` in a path is the tenant's id or its uid.
// A tenant the caller may not see is "not found", exactly like one that does not exist.
import { db } from "../db/client";
import type { Tenant } from "../db/generated/client";
import { forbidden, notFound } from "../api/errors";
import type { Principal } from "./principal";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";

export type AccessMode = "read" | "write";

/** Tenants by reference (id or uid), unknown ones (null) included. Every tenant change here
 * clears it; another process's change shows here within LOOKUP_CACHE_TTL_MS (lib/cache/ttl-cache). */
const tenantsByRef = ttlCache<Tenant | null>(LOOKUP_CACHE_TTL_MS);

/** Forget cached tenant lookups (after creating, renaming or deleting a tenant). */
export function tenantsChanged(): void {
  tenantsByRef.clear();
}

export async function findTenantByRef(ref: string): Promise<Tenant | null> {
  return tenantsByRef.get(ref, () => db().tenant.findFirst({ where: { OR: [{ id: ref }, { uid: ref }] }, orderBy: { id: "asc" } }));
}

export async function resolveTenant(principal: Principal, ref: string, mode: AccessMode): Promise<Tenant> {
  const tenant = await findTenantByRef(ref);
  if (!tenant || !canSeeTenant(principal, tenant.id)) throw notFound("Tenant");
  if (mode === "write" && isViewer(principal, tenant.id)) throw forbidden("Viewers cannot change anything");
  return tenant;
}

/** A dashboard user whose only access to the tenant is read-only. */
export function isViewer(principal: Principal, tenantId: string): boolean {
  return principal.type === "user" && !principal.isAdmin && principal.roles.get(tenantId) === "viewer";
}

export function canSeeTenant(principal: Principal, tenantId: string): boolean {
  switch (principal.type) {
    case "admin_key":
      return true;
    case "tenant_key":
      return principal.tenantId === tenantId;
    case "user":
      return principal.isAdmin || principal.roles.has(tenantId);
  }
}
