import { accepted, apiRoute } from "@/lib/api/route";
import { retryDelivery } from "@/lib/deliveries/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  return accepted(await retryDelivery(tdb, ctx.params.deliveryId));
});
