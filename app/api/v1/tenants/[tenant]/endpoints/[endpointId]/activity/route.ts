// The endpoint's last 24 hours, hour by hour: deliveries, and attempts by outcome.
import { apiRoute, json } from "@/lib/api/route";
import { db } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { endpointActivity } from "@/lib/stats/endpoint-activity";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  const endpoint = await getEndpoint(tdb, ctx.params.endpointId);
  return json(await endpointActivity(db(), endpoint.id));
});
