import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, pageQuerySchema, toPage } from "@/lib/api/pagination";
import { apiKeyCreateSchema } from "@/lib/api/schemas/api-keys";
import { apiKeyJson, createApiKey } from "@/lib/auth/api-keys";

export const POST = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  const { name } = await ctx.body(apiKeyCreateSchema);
  const { row, key } = await createApiKey(tdb, { name, scope: "tenant", tenantId: tenant.id });
  return created({ ...apiKeyJson(row), key });
});

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  const page = ctx.query(pageQuerySchema);
  return json(toPage(await tdb.apiKey.findMany(pageArgs(page)), page, apiKeyJson));
});
