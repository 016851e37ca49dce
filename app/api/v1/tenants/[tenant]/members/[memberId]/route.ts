import { apiRoute, json, noContent } from "@/lib/api/route";
import { memberUpdateSchema } from "@/lib/schemas/members";
import { removeMember, requireMemberManager, updateMemberRole } from "@/lib/members/members";

export const PATCH = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  const { role } = await ctx.body(memberUpdateSchema);
  return json(await updateMemberRole(scope, ctx.params.memberId, role));
});

export const DELETE = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  requireMemberManager(ctx.principal, tenant.id);
  await removeMember(scope, ctx.params.memberId);
  return noContent();
});
