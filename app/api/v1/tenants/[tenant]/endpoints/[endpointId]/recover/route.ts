import { accepted, apiRoute, json } from "@/lib/api/route";
import { recoverSchema } from "@/lib/api/schemas/messages";
import { recoverEndpoint } from "@/lib/deliveries/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  const { since, dryRun } = await ctx.body(recoverSchema);
  const result = await recoverEndpoint(tdb, ctx.params.endpointId, new Date(since), { dryRun });
  return dryRun ? json(result) : accepted(result);
});
