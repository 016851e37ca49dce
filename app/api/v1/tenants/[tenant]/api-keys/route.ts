import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, toPage } from "@/lib/db/pagination";
import { pageQuerySchema } from "@/lib/api/pagination";
import { tenantApiKeyCreateSchema } from "@/lib/schemas/api-keys";
import { apiKeyJson, createApiKey, newTenantKeyRole } from "@/lib/auth/api-keys";
import { tenantRole } from "@/lib/auth/roles";

export const POST = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  const { name, role } = await ctx.body(tenantApiKeyCreateSchema);
  const keyRole = newTenantKeyRole(tenantRole(ctx.principal, tenant.id), role);
  const { row, key } = await createApiKey(scope.db, { name, scope: "tenant", tenantId: scope.tenantId, role: keyRole });
  return created({ ...apiKeyJson(row), key });
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  const page = ctx.query(pageQuerySchema);
  return json(toPage(await scope.db.apiKey.findMany(pageArgs(page)), page, apiKeyJson));
});
