import { apiRoute, json } from "@/lib/api/route";
import { getDeliveryDetail } from "@/lib/delivery-log/deliveries";
import { mayReadHeaderValues } from "@/lib/endpoints/header-masking";

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  return json(await getDeliveryDetail(scope, ctx.params.deliveryId, { readHeaders: mayReadHeaderValues(ctx.principal, tenant.id) }));
});
