import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, pageQuerySchema, toPage } from "@/lib/api/pagination";
import { tenantApiKeyCreateSchema } from "@/lib/api/schemas/api-keys";
import { apiKeyJson, createApiKey, newTenantKeyRole } from "@/lib/auth/api-keys";
import { tenantRole } from "@/lib/auth/tenant-access";

export const POST = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  const { name, role } = await ctx.body(tenantApiKeyCreateSchema);
  const keyRole = newTenantKeyRole(tenantRole(ctx.principal, tenant.id), role);
  const { row, key } = await createApiKey(tdb, { name, scope: "tenant", tenantId: tenant.id, role: keyRole });
  return created({ ...apiKeyJson(row), key });
});

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  const page = ctx.query(pageQuerySchema);
  return json(toPage(await tdb.apiKey.findMany(pageArgs(page)), page, apiKeyJson));
});
