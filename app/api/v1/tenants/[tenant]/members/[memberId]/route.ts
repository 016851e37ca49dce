import { apiRoute, json, noContent } from "@/lib/api/route";
import { memberUpdateSchema } from "@/lib/api/schemas/members";
import { removeMember, requireMemberManager, updateMemberRole } from "@/lib/members/members";

export const PATCH = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  const { role } = await ctx.body(memberUpdateSchema);
  return json(await updateMemberRole(tdb, tenant.id, ctx.params.memberId, role));
});

export const DELETE = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  await removeMember(tdb, tenant.id, ctx.params.memberId);
  return noContent();
});
