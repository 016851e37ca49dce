// The role policy, in one place: what each tenant role may do, what role each kind of caller has in
// a tenant, and the checks the API and the dashboard make with them. Roles are ordered
// (owner ⊃ member ⊃ viewer); an action needs at least its role in LEAST_ROLE.
import type { MembershipRole } from "../db/generated/client";
import { forbidden } from "../errors";
import { portalSectionRefusal } from "../portal/features";
import type { Principal } from "./principal";

/** The least role each action in a tenant needs. */
export const LEAST_ROLE = {
  read: "viewer",
  /** Change anything (endpoints, messages, keys, inboxes, …). */
  write: "member",
  /** See credentials: signing secrets, custom header values (they carry receivers' tokens). */
  readCredentials: "member",
  /** Invite, change and remove members. */
  manageMembers: "owner",
} as const satisfies Record<string, MembershipRole>;

export type TenantAction = keyof typeof LEAST_ROLE;

const ROLE_RANK: Record<MembershipRole, number> = { viewer: 0, member: 1, owner: 2 };

/** Whether `role` includes everything `needed` may do. */
export function roleAtLeast(role: MembershipRole | null, needed: MembershipRole): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * What the caller may do in the tenant, as a tenant role: operator admins and admin keys count as
 * owners, a tenant key has the role it was created with, a portal session the role it was opened
 * with, a user their membership's. Null: nothing.
 */
export function tenantRole(principal: Principal, tenantId: string): MembershipRole | null {
  switch (principal.type) {
    case "admin_key":
      return "owner";
    case "tenant_key":
    case "portal":
      return principal.tenantId === tenantId ? principal.role : null;
    case "user":
      return principal.isAdmin ? "owner" : (principal.roles.get(tenantId) ?? null);
  }
}

export function may(principal: Principal, tenantId: string, action: TenantAction): boolean {
  return roleAtLeast(tenantRole(principal, tenantId), LEAST_ROLE[action]);
}

/** Throws 403 unless the caller may `action` in the tenant; `doing` completes "Only the tenant's owners …". */
export function requireMay(principal: Principal, tenantId: string, action: TenantAction, doing: string): void {
  const needed = LEAST_ROLE[action];
  if (!may(principal, tenantId, action)) throw forbidden(`Only the tenant's ${needed}s${needed === "owner" ? " and operator admins" : ""} ${doing}`);
}

/** What the dashboard shows the caller of a tenant's pages. Member management also needs a caller
 * with an account: a portal session never reaches it (portal/features.ts). */
export function tenantPermissions(principal: Principal, tenantId: string): { role: MembershipRole | null; canWrite: boolean; canManageMembers: boolean } {
  const inPortal = principal.type === "portal" && portalSectionRefusal(principal.features, "members") !== null;
  return {
    role: tenantRole(principal, tenantId),
    canWrite: may(principal, tenantId, "write"),
    canManageMembers: !inPortal && may(principal, tenantId, "manageMembers"),
  };
}
