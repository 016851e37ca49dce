import { apiRoute, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { deliveryListQuery } from "@/lib/api/schemas/messages";
import { listDeliveries } from "@/lib/deliveries/deliveries";

export const GET = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("read");
  return json(await listDeliveries(tdb, tenant.id, ctx.query(deliveryListQuery), ctx.query(pageQuerySchema)));
});
