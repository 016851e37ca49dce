// The endpoint's last 24 hours, hour by hour: deliveries, and attempts by outcome.
import { apiRoute, json } from "@/lib/api/route";
import { endpointActivity } from "@/lib/stats/endpoint-activity";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await endpointActivity(scope, ctx.params.endpointId));
});
