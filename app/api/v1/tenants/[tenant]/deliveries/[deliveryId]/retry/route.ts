import { accepted, apiRoute } from "@/lib/api/route";
import { retryDelivery } from "@/lib/delivery-log/deliveries";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  return accepted(await retryDelivery(scope, ctx.params.deliveryId));
});
