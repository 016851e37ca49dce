import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, toPage } from "@/lib/db/pagination";
import { pageQuerySchema } from "@/lib/api/pagination";
import { endpointCreateSchema } from "@/lib/schemas/endpoints";
import { createEndpoint, endpointJson } from "@/lib/endpoints/endpoints";
import { mayReadHeaderValues } from "@/lib/endpoints/header-masking";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  return created(endpointJson(await createEndpoint(scope, await ctx.body(endpointCreateSchema))));
});

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  const page = ctx.query(pageQuerySchema);
  const readHeaders = mayReadHeaderValues(ctx.principal, tenant.id);
  return json(toPage(await scope.db.endpoint.findMany(pageArgs(page)), page, (e) => endpointJson(e, { readHeaders })));
});
