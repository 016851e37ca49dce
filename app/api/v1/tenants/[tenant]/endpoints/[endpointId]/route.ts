import { apiRoute, json, noContent } from "@/lib/api/route";
import { endpointUpdateSchema } from "@/lib/api/schemas/endpoints";
import { deleteEndpoint, endpointJson, getEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { mayReadHeaderValues } from "@/lib/endpoints/header-masking";

export const GET = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("read");
  return json(endpointJson(await getEndpoint(tdb, ctx.params.endpointId), { readHeaders: mayReadHeaderValues(ctx.principal, tenant.id) }));
});

export const PATCH = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  return json(endpointJson(await updateEndpoint(tdb, ctx.params.endpointId, await ctx.body(endpointUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  await deleteEndpoint(tdb, ctx.params.endpointId);
  return noContent();
});
