import { apiRoute, json, noContent } from "@/lib/api/route";
import { endpointUpdateSchema } from "@/lib/schemas/endpoints";
import { deleteEndpoint, endpointJson, getEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { mayReadHeaderValues } from "@/lib/endpoints/header-masking";

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  return json(endpointJson(await getEndpoint(scope, ctx.params.endpointId), { readHeaders: mayReadHeaderValues(ctx.principal, tenant.id) }));
});

export const PATCH = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  return json(endpointJson(await updateEndpoint(scope, ctx.params.endpointId, await ctx.body(endpointUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  await deleteEndpoint(scope, ctx.params.endpointId);
  return noContent();
});
