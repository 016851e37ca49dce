import { apiRoute, json, noContent } from "@/lib/api/route";
import { tenantUpdateSchema } from "@/lib/api/schemas/tenants";
import { db } from "@/lib/db/client";
import { tenantJson, updateTenant } from "@/lib/tenants/tenants";

export const GET = apiRoute(async (ctx) => {
  const { tenant } = await ctx.tenant("read");
  return json(tenantJson(tenant));
});

export const PATCH = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const { tenant } = await ctx.tenant("write");
  return json(tenantJson(await updateTenant(db(), tenant.id, await ctx.body(tenantUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const { tenant } = await ctx.tenant("write");
  await db().tenant.delete({ where: { id: tenant.id } });
  return noContent();
});
