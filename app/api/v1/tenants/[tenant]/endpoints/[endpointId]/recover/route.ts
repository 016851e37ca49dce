import { accepted, apiRoute } from "@/lib/api/route";
import { recoverSchema } from "@/lib/schemas/endpoints";
import { recoverEndpoint } from "@/lib/delivery-log/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const { since } = await ctx.body(recoverSchema);
  return accepted(await recoverEndpoint(scope, ctx.params.endpointId, new Date(since)));
});
