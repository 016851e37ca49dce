import { apiRoute, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { deliveryListQuery } from "@/lib/schemas/messages";
import { listDeliveries } from "@/lib/delivery-log/deliveries";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await listDeliveries(scope, ctx.query(deliveryListQuery), ctx.query(pageQuerySchema)));
});
