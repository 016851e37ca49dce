// One endpoint's activity over the last day, hour by hour — attempts by outcome and deliveries
// first attempted — for the chart on its page. Read from its hour rollups (EndpointAttemptStats):
// at most 24 rows, whatever the traffic.
import { db } from "../db/client";
import type { TenantScope } from "../db/tenant-scope";
import { getEndpoint } from "../endpoints/endpoints";
import type { EndpointActivityJson } from "../schemas/stats";
import { floorTo, HOUR_MS } from "./rollup-window";

export const ACTIVITY_HOURS = 24;

/** The scope's endpoint `endpointId` (404 for any other) over the last ACTIVITY_HOURS hours.
 * The rollups carry no tenant: the endpoint is looked up through the scope first. */
export async function endpointActivity(scope: TenantScope, endpointId: string, now = new Date()): Promise<EndpointActivityJson> {
  const endpoint = await getEndpoint(scope, endpointId);
  const from = new Date(floorTo(now.getTime(), HOUR_MS) - (ACTIVITY_HOURS - 1) * HOUR_MS);
  const rows = await db().endpointAttemptStats.findMany({
    where: { endpointId: endpoint.id, period: "hour", at: { gte: from } },
    select: { at: true, attempts: true, succeeded: true, firstAttempts: true },
  });
  const byHour = new Map(rows.map((r) => [r.at.getTime(), r]));
  const series: EndpointActivityJson["series"] = [];
  for (let t = from.getTime(); t <= now.getTime(); t += HOUR_MS) {
    const r = byHour.get(t);
    series.push({ hour: new Date(t).toISOString(), deliveries: r?.firstAttempts ?? 0, succeeded: r?.succeeded ?? 0, failed: r ? r.attempts - r.succeeded : 0 });
  }
  return { from: from.toISOString(), series };
}
