// Operator (admin-scoped) API keys.
import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, toPage } from "@/lib/db/pagination";
import { pageQuerySchema } from "@/lib/api/pagination";
import { apiKeyCreateSchema } from "@/lib/schemas/api-keys";
import { apiKeyJson, createApiKey } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";

export const POST = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const { name } = await ctx.body(apiKeyCreateSchema);
  const { row, key } = await createApiKey(db(), { name, scope: "admin", tenantId: null });
  return created({ ...apiKeyJson(row), key });
});

export const GET = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const page = ctx.query(pageQuerySchema);
  const args = pageArgs(page);
  const rows = await db().apiKey.findMany({ ...args, where: { ...args.where, scope: "admin" } });
  return json(toPage(rows, page, apiKeyJson));
});
