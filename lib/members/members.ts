// A tenant's members: who may manage them, and the rule that a tenant always keeps an owner.
import type { DbTx } from "../db/client";
import type { MembershipRole } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import type { Principal } from "../auth/principal";
import { requireMay } from "../auth/roles";
import { conflict, notFound } from "../errors";
import type { MemberJson } from "../schemas/members";

/**
 * Members and invitations are managed with the rights LEAST_ROLE.manageMembers names (lib/auth/roles.ts),
 * whatever the principal: a tenant owner, an operator admin, an admin key, or an owner's owner key.
 */
export function requireMemberManager(principal: Principal, tenantId: string): void {
  requireMay(principal, tenantId, "manageMembers", "manage members");
}

type MembershipWithUser = { id: string; userId: string; role: MembershipRole; createdAt: Date; user: { email: string | null; name: string | null } };

export function memberJson(m: MembershipWithUser): MemberJson {
  return { id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() };
}

const withUser = { user: { select: { email: true, name: true } } } as const;

export async function listMembers(scope: TenantScope): Promise<MemberJson[]> {
  const rows = await scope.db.membership.findMany({ include: withUser, orderBy: { createdAt: "asc" } });
  return rows.map(memberJson);
}

export const LAST_OWNER_MESSAGE = "A tenant keeps at least one owner: make someone else an owner first";

/**
 * Runs `change` on membership `id` unless it would take the tenant's last owner away. Changes to
 * one tenant's members are serialised (an advisory lock), so two owners demoting each other at
 * the same moment cannot leave the tenant with none.
 */
async function changeMembership({ tenantId, db }: TenantScope, id: string, keepsOwner: (role: MembershipRole) => boolean, change: (tx: DbTx) => Promise<void>): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hookyard:members'), hashtext(${tenantId}))`;
    const membership = await tx.membership.findFirst({ where: { id, tenantId }, select: { role: true } });
    if (!membership) throw notFound("Member");
    if (membership.role === "owner" && !keepsOwner(membership.role)) {
      const owners = await tx.membership.count({ where: { tenantId, role: "owner" } });
      if (owners <= 1) throw conflict(LAST_OWNER_MESSAGE);
    }
    await change(tx);
  });
}

export async function updateMemberRole(scope: TenantScope, id: string, role: MembershipRole): Promise<MemberJson> {
  await changeMembership(scope, id, () => role === "owner", async (tx) => {
    await tx.membership.updateMany({ where: { id, tenantId: scope.tenantId }, data: { role } });
  });
  const row = await scope.db.membership.findFirst({ where: { id }, include: withUser });
  if (!row) throw notFound("Member");
  return memberJson(row);
}

/** Removes a member (or lets someone leave): never the tenant's last owner. */
export async function removeMember(scope: TenantScope, id: string): Promise<void> {
  await changeMembership(scope, id, () => false, async (tx) => {
    await tx.membership.deleteMany({ where: { id, tenantId: scope.tenantId } });
  });
}
