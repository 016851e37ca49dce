// Invitations: how anyone but the first user gets an account. An invitation names an email and
// either a tenant + role or the operator-admin flag; its token (shown once, in the link) is stored
// only as a SHA-256 hash, like API keys.
import { randomBytes } from "node:crypto";
import { hashToken } from "../crypto/token-hash";
import type { DbTx } from "../db/client";
import type { Invitation, MembershipRole } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { conflict, forbidden, notFound } from "../errors";
import type { InvitationJson } from "../schemas/members";
import { newId } from "../ids";
import { normalizeEmail } from "../users/users";


export const INVITATION_TTL_DAYS = 7;

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
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    },
  });
  return { invitation, token };
}

/** A pending, unexpired invitation for that token, or null. */
export async function findValidInvitation(db: DbTx, token: string) {
  if (!token || token.length > 100) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
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
 * "Invite a teammate": always an invitation, which waits until the invitee accepts it — by
 * signing up with its link, or, with an account already, by signing in and accepting it. The
 * answer is the same either way, so it does not tell the inviter whether the address has an
 * account. Only someone who is already a member (the inviter sees the member list) is a 409.
 */
export async function inviteToTenant(
  scope: TenantScope,
  input: { email: string; role: MembershipRole },
): Promise<{ invitation: Invitation; token: string }> {
  const email = normalizeEmail(input.email);
  const member = await scope.db.membership.findFirst({ where: { user: { email: { equals: email, mode: "insensitive" } } }, select: { id: true } });
  if (member) throw conflict(`${email} is already a member: change their role instead`);
  return createInvitation(scope.db, { email, tenantId: scope.tenantId, role: input.role, admin: false });
}

/**
 * A signed-in user accepts an invitation link: it must be valid and addressed to their own email.
 * Returns the tenant it grants (null for an operator-admin invitation).
 */
export async function acceptInvitation(db: DbTx, token: string, user: { id: string; email: string | null }): Promise<{ tenantId: string | null }> {
  const invitation = await findValidInvitation(db, token);
  if (!invitation) throw notFound("Invitation");
  if (!user.email || normalizeEmail(user.email) !== invitation.email) throw forbidden(`This invitation is for ${invitation.email}: sign in with that address to accept it`);
  await applyInvitation(db, invitation, user.id);
  return { tenantId: invitation.tenantId };
}

export async function listPendingInvitations(scope: TenantScope) {
  return scope.db.invitation.findMany({ where: { acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { id: "desc" } });
}

export async function revokeInvitation(scope: TenantScope, id: string): Promise<void> {
  const { count } = await scope.db.invitation.deleteMany({ where: { id, acceptedAt: null } });
  if (count === 0) throw notFound("Invitation");
}
