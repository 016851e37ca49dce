import { apiRoute, noContent } from "@/lib/api/route";
import { revokeInvitation } from "@/lib/invitations/invitations";
import { requireMemberManager } from "@/lib/members/members";

export const DELETE = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  await revokeInvitation(scope, ctx.params.invitationId);
  return noContent();
});
