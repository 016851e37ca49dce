import { accepted, apiRoute, json } from "@/lib/api/route";
import { recoverSchema } from "@/lib/schemas/endpoints";
import { recoverEndpoint } from "@/lib/delivery-log/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const { since, dryRun } = await ctx.body(recoverSchema);
  const result = await recoverEndpoint(scope, ctx.params.endpointId, new Date(since), { dryRun });
  return dryRun ? json(result) : accepted(result);
});
