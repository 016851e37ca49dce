import { apiRoute, noContent } from "@/lib/api/route";
import { requireMemberManager, revokeInvitation } from "@/lib/invitations/invitations";

export const DELETE = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  await revokeInvitation(tdb, ctx.params.invitationId);
  return noContent();
});
