// Operator overview: deliveries per minute, latency percentiles, failing endpoints.
import { apiRoute, json } from "@/lib/api/route";
import { overviewQuery } from "@/lib/schemas/stats";
import { db } from "@/lib/db/client";
import { statsOverview } from "@/lib/stats/overview";

export const GET = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const { minutes } = ctx.query(overviewQuery);
  return json(await statsOverview(db(), { minutes }));
});
