// Operator-admin invitations (no tenant): the invitee signs up as an operator admin.
import { apiRoute, created, json } from "@/lib/api/route";
import { adminInvitationCreateSchema } from "@/lib/schemas/members";
import { publicOrigin } from "@/lib/request-origin";
import { db } from "@/lib/db/client";
import { createInvitation, invitationJson, invitationUrl } from "@/lib/invitations/invitations";

export const POST = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const { email } = await ctx.body(adminInvitationCreateSchema);
  const { invitation, token } = await createInvitation(db(), { email, tenantId: null, role: null, admin: true });
  return created({ status: "invited", invitation: invitationJson(invitation), url: invitationUrl(publicOrigin(ctx.req), token) });
});

export const GET = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const rows = await db().invitation.findMany({ where: { admin: true, acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { id: "desc" } });
  return json({ data: rows.map(invitationJson), nextCursor: null });
});
