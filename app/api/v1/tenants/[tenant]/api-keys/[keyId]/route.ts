import { apiRoute, noContent } from "@/lib/api/route";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { tenantRole } from "@/lib/auth/roles";

/** Revokes the key: it stops working at once and stays listed as revoked. */
export const DELETE = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  await revokeApiKey(scope.db, ctx.params.keyId, {}, tenantRole(ctx.principal, tenant.id));
  return noContent();
});
