import { accepted, apiRoute } from "@/lib/api/route";
import { recoverSchema } from "@/lib/api/schemas/messages";
import { recoverEndpoint } from "@/lib/deliveries/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  const { since } = await ctx.body(recoverSchema);
  return accepted(await recoverEndpoint(tdb, ctx.params.endpointId, new Date(since)));
});
