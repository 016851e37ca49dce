import { apiRoute, json } from "@/lib/api/route";
import { getDeliveryDetail } from "@/lib/deliveries/deliveries";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(await getDeliveryDetail(tdb, ctx.params.deliveryId));
});
