import { apiRoute, json, noContent } from "@/lib/api/route";
import { tenantUpdateSchema } from "@/lib/schemas/tenants";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { deleteTenant, tenantJson, updateTenant } from "@/lib/tenants/tenants";

export const GET = apiRoute(async (ctx) => {
  const { tenant } = await ctx.tenant("read");
  // Access was checked on a briefly cached row; what we show is read fresh.
  const current = await db().tenant.findUnique({ where: { id: tenant.id } });
  if (!current) throw notFound("Tenant");
  return json(tenantJson(current));
});

// The tenant is resolved before the admin check: another tenant is a 404 to everyone who cannot
// see it, never a 403 that confirms it exists.
export const PATCH = apiRoute(async (ctx) => {
  const { tenant } = await ctx.tenant("write");
  ctx.requireAdmin();
  return json(tenantJson(await updateTenant(db(), tenant.id, await ctx.body(tenantUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  const { tenant } = await ctx.tenant("write");
  ctx.requireAdmin();
  await deleteTenant(db(), tenant.id);
  return noContent();
});
