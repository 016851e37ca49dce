// Invite someone to the tenant: an existing account is added at once ("added"); anyone else gets
// a sign-up link carrying the invitation token, returned once ("invited").
import { apiRoute, created, json } from "@/lib/api/route";
import { invitationCreateSchema } from "@/lib/api/schemas/members";
import { publicOrigin } from "@/lib/auth/session";
import {
  invitationJson,
  invitationUrl,
  inviteToTenant,
  listPendingInvitations,
  requireMemberManager,
} from "@/lib/invitations/invitations";

export const POST = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  const result = await inviteToTenant(tdb, tenant.id, await ctx.body(invitationCreateSchema));
  if (result.status === "added") return created(result);
  return created({ status: "invited", invitation: invitationJson(result.invitation), url: invitationUrl(publicOrigin(ctx.req), result.token) });
});

export const GET = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("read");
  requireMemberManager(ctx.principal, tenant.id);
  return json({ data: (await listPendingInvitations(tdb)).map(invitationJson), nextCursor: null });
});
