// Health of the tenant's endpoints over the last `hours` (default 24): success rate, deliveries,
// latest attempt. `?endpointId=` narrows it to one endpoint.
import { apiRoute, json } from "@/lib/api/route";
import { endpointStatsQuery } from "@/lib/schemas/stats";
import { endpointStats } from "@/lib/stats/endpoint-stats";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  const { hours, endpointId } = ctx.query(endpointStatsQuery);
  return json({ hours, ...(await endpointStats(scope, { hours, endpointId })) });
});
