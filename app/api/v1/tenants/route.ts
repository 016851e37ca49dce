import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, toPage } from "@/lib/db/pagination";
import { pageQuerySchema } from "@/lib/api/pagination";
import { tenantCreateSchema } from "@/lib/schemas/tenants";
import { db } from "@/lib/db/client";
import { createTenant, tenantJson } from "@/lib/tenants/tenants";

export const POST = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const tenant = await createTenant(db(), await ctx.body(tenantCreateSchema));
  return created(tenantJson(tenant));
});

/** Admins list every tenant; anyone else lists the tenants they can see. */
export const GET = apiRoute(async (ctx) => {
  const page = ctx.query(pageQuerySchema);
  const { principal } = ctx;
  const visible =
    principal.type === "tenant_key" || principal.type === "portal"
      ? { id: principal.tenantId }
      : principal.type === "user" && !principal.isAdmin
        ? { id: { in: [...principal.roles.keys()] } }
        : {};
  const args = pageArgs(page);
  const rows = await db().tenant.findMany({ ...args, where: { AND: [args.where, visible] } });
  return json(toPage(rows, page, tenantJson));
});
