// Invitations: how anyone but the first user gets an account. An invitation names an email and
// either a tenant + role or the operator-admin flag; its token (shown once, in the link) is stored
// only as a SHA-256 hash, like API keys.
import { createHash, randomBytes } from "node:crypto";
import type { DbTx } from "../db/client";
import type { Invitation, MembershipRole } from "../db/generated/client";
import type { TenantDb } from "../db/tenant-scope";
import type { Principal } from "../auth/principal";
import { forbidden, notFound } from "../api/errors";
import type { InvitationJson, MemberJson } from "../api/schemas/members";
import { newId } from "../ids";
import { addMember, findUserByEmail, normalizeEmail } from "../users/users";


export const INVITATION_TTL_DAYS = 7;

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function invitationJson(inv: Invitation & { tenant?: { name: string } | null }): InvitationJson {
  return {
    id: inv.id,
    email: inv.email,
    tenantId: inv.tenantId,
    role: inv.role,
    admin: inv.admin,
    expiresAt: inv.expiresAt.toISOString(),
    acceptedAt: inv.acceptedAt?.toISOString() ?? null,
    createdAt: inv.createdAt.toISOString(),
  };
}

export function invitationUrl(origin: string, token: string): string {
  return `${origin}/sign-up?invitation=${encodeURIComponent(token)}`;
}

/**
 * Creates an invitation and returns it with its token (the only time the token exists in clear).
 * A newer invitation for the same email and tenant replaces a pending older one.
 */
export async function createInvitation(
  db: DbTx,
  input: { email: string; tenantId: string | null; role: MembershipRole | null; admin: boolean },
): Promise<{ invitation: Invitation; token: string }> {
  const email = normalizeEmail(input.email);
  const token = randomBytes(24).toString("base64url");
  await db.invitation.deleteMany({ where: { email, tenantId: input.tenantId, admin: input.admin, acceptedAt: null } });
  const invitation = await db.invitation.create({
    data: {
      id: newId("invitation"),
      email,
      tenantId: input.tenantId,
      role: input.role,
      admin: input.admin,
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    },
  });
  return { invitation, token };
}

/** A pending, unexpired invitation for that token, or null. */
export async function findValidInvitation(db: DbTx, token: string) {
  if (!token || token.length > 100) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) return null;
  return invitation;
}

/** Pending invitations addressed to an email (used when an OAuth sign-in creates the user). */
export async function validInvitationsFor(db: DbTx, email: string) {
  return db.invitation.findMany({ where: { email: normalizeEmail(email), acceptedAt: null, expiresAt: { gt: new Date() } } });
}

/** Gives the user what the invitation grants and marks it accepted (once: a raced second use is a no-op). */
export async function applyInvitation(db: DbTx, invitation: Invitation, userId: string): Promise<void> {
  const { count } = await db.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
  if (count === 0) return;
  if (invitation.admin) await db.user.update({ where: { id: userId }, data: { isAdmin: true } });
  if (invitation.tenantId && invitation.role) {
    await db.membership.upsert({
      where: { userId_tenantId: { userId, tenantId: invitation.tenantId } },
      create: { id: newId("membership"), userId, tenantId: invitation.tenantId, role: invitation.role },
      update: { role: invitation.role },
    });
  }
}

/**
 * Who may manage a tenant's members and invitations: operator admins, the tenant's owners, and
 * API keys that can act on the tenant (an admin key, or the tenant's own key).
 */
export function requireMemberManager(principal: Principal, tenantId: string): void {
  if (principal.type !== "user") return;
  if (principal.isAdmin || principal.roles.get(tenantId) === "owner") return;
  throw forbidden("Only the tenant's owners and operator admins manage members");
}

type MembershipWithUser = { id: string; userId: string; role: MembershipRole; createdAt: Date; user: { email: string | null; name: string | null } };

export function memberJson(m: MembershipWithUser): MemberJson {
  return { id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() };
}

const withUser = { user: { select: { email: true, name: true } } } as const;

export async function listMembers(tdb: TenantDb): Promise<MemberJson[]> {
  const rows = await tdb.membership.findMany({ include: withUser, orderBy: { createdAt: "asc" } });
  return rows.map(memberJson);
}

export async function updateMemberRole(tdb: TenantDb, id: string, role: MembershipRole): Promise<MemberJson> {
  const { count } = await tdb.membership.updateMany({ where: { id }, data: { role } });
  if (count === 0) throw notFound("Member");
  const row = await tdb.membership.findFirst({ where: { id }, include: withUser });
  if (!row) throw notFound("Member");
  return memberJson(row);
}

export async function removeMember(tdb: TenantDb, id: string): Promise<void> {
  const { count } = await tdb.membership.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Member");
}

/**
 * "Invite a teammate": someone who already has an account is added to the tenant at once; anyone
 * else gets an invitation link to sign up with.
 */
export async function inviteToTenant(
  tdb: TenantDb,
  tenantId: string,
  input: { email: string; role: MembershipRole },
): Promise<{ status: "added"; member: MemberJson } | { status: "invited"; invitation: Invitation; token: string }> {
  const email = normalizeEmail(input.email);
  if (await findUserByEmail(tdb, email)) {
    const membership = await addMember(tdb, { tenantId, email, role: input.role });
    const row = await tdb.membership.findFirstOrThrow({ where: { id: membership.id }, include: withUser });
    return { status: "added", member: memberJson(row) };
  }
  const { invitation, token } = await createInvitation(tdb, { email, tenantId, role: input.role, admin: false });
  return { status: "invited", invitation, token };
}

export async function listPendingInvitations(tdb: TenantDb) {
  return tdb.invitation.findMany({ where: { acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { id: "desc" } });
}

export async function revokeInvitation(tdb: TenantDb, id: string): Promise<void> {
  const { count } = await tdb.invitation.deleteMany({ where: { id, acceptedAt: null } });
  if (count === 0) throw notFound("Invitation");
}
