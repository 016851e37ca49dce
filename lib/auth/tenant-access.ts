// Which tenant a request may act on. `{tenant}` in a path is the tenant's id or its uid.
// A tenant the caller may not see is "not found", exactly like one that does not exist.
import { db } from "../db/client";
import type { Tenant } from "../db/generated/client";
import { forbidden, notFound } from "../errors";
import type { Principal } from "./principal";
import { may } from "./roles";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";
import { apiTenantSection, portalSectionRefusal } from "../portal/features";

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
  if (mode === "write" && !may(principal, tenant.id, "write")) throw forbidden("Viewers cannot change anything");
  return tenant;
}

export function canSeeTenant(principal: Principal, tenantId: string): boolean {
  switch (principal.type) {
    case "admin_key":
      return true;
    case "tenant_key":
    case "portal":
      return principal.tenantId === tenantId;
    case "user":
      return principal.isAdmin || principal.roles.has(tenantId);
  }
}

/**
 * A portal session reaches only some sections of its tenant (lib/portal/features.ts): 403 for the
 * others — checked once the tenant resolved, so another tenant's are a 404 like everything else.
 */
export function requirePortalSection(principal: Principal, pathname: string): void {
  if (principal.type !== "portal") return;
  const section = apiTenantSection(pathname);
  const refusal = section ? portalSectionRefusal(principal.features, section) : null;
  if (refusal) throw forbidden(refusal);
}
