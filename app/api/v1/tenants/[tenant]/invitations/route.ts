// Invite someone to the tenant: always an invitation link carrying its token, returned once. It
// waits for the invitee to accept, whether or not they already have an account.
import { apiRoute, created, json } from "@/lib/api/route";
import { invitationCreateSchema } from "@/lib/schemas/members";
import { publicOrigin } from "@/lib/request-origin";
import { invitationJson, invitationUrl, inviteToTenant, listPendingInvitations } from "@/lib/invitations/invitations";
import { requireMemberManager } from "@/lib/members/members";

export const POST = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  const { invitation, token } = await inviteToTenant(scope, await ctx.body(invitationCreateSchema));
  return created({ status: "invited", invitation: invitationJson(invitation), url: invitationUrl(publicOrigin(ctx.req), token) });
});

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  requireMemberManager(ctx.principal, tenant.id);
  return json({ data: (await listPendingInvitations(scope)).map(invitationJson), nextCursor: null });
});
