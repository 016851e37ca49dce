// The routes the scale bench times: every list, detail and stats route of the API, with the
// filters of the deliveries and messages browsers — busy, rare and empty (zero matches), on the
// tenant holding half of the data and on a small one — and a publish.
import type pg from "pg";
import { samplePayload } from "../api";
import { NEVER_TYPE, RARE_TYPE, REGULAR_TYPES, type TenantShape } from "./dataset";
import type { HttpTimer, TimedRoute } from "./http-timer";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function scaleRoutes(timer: HttpTimer, client: pg.Client, tenants: TenantShape[], now: Date): Promise<TimedRoute[]> {
  const big = tenants[0];
  const small = tenants[7];
  const b = `/tenants/${big.id}`;
  const s = `/tenants/${small.id}`;
  // Endpoint 0 of the big tenant receives type00 (the busiest type) and the rare type, not type05.
  const endpoint = big.endpoints[0];
  const one = async (sql: string, params: unknown[]) => (await client.query<{ id: string }>(sql, params)).rows[0].id;
  const message = await one(`SELECT id FROM "Message" WHERE "tenantId" = $1 ORDER BY id DESC OFFSET 100 LIMIT 1`, [big.id]);
  const delivery = await one(`SELECT id FROM "Delivery" WHERE "tenantId" = $1 AND status = 'failed' ORDER BY id DESC LIMIT 1`, [big.id]);
  // Page 20 of 50: the cursor is the last id of page 19.
  const cursor = await one(`SELECT id FROM "Delivery" WHERE "tenantId" = $1 ORDER BY id DESC OFFSET ${19 * 50 - 1} LIMIT 1`, [big.id]);
  const messageCursor = await one(`SELECT id FROM "Message" WHERE "tenantId" = $1 ORDER BY id DESC OFFSET ${19 * 50 - 1} LIMIT 1`, [big.id]);
  const iso = (ms: number) => encodeURIComponent(new Date(now.getTime() + ms).toISOString());
  const oldHour = `after=${iso(-14 * DAY - HOUR)}&before=${iso(-14 * DAY)}`;
  const lastHour = `after=${iso(-HOUR)}`;
  const future = `after=${iso(DAY)}`;
  const beforeAll = `before=${iso(-40 * DAY)}`;
  const [busyType, otherType] = [REGULAR_TYPES[0], REGULAR_TYPES[5]];
  // Make sure the ids exist through the API, as a user would have found them.
  await timer.call("GET", `${b}/deliveries/${delivery}`);

  const get = (group: string, label: string, path: string): TimedRoute => ({ group, label, method: "GET", path });
  return [
    get("Operator", "tenants", "/tenants"),
    get("Operator", "tenant", b),
    get("Operator", "event types", "/event-types"),
    get("Operator", "admin API keys", "/api-keys"),
    get("Operator", "overview, 1 hour", "/stats/overview?minutes=60"),
    get("Operator", "overview, 24 hours", "/stats/overview?minutes=1440"),
    get("Operator", "overview, 7 days", "/stats/overview?minutes=10080"),

    get("Endpoints (big tenant)", "list", `${b}/endpoints`),
    get("Endpoints (big tenant)", "detail", `${b}/endpoints/${endpoint}`),
    get("Endpoints (big tenant)", "stats, 24 hours", `${b}/endpoints/stats`),
    get("Endpoints (big tenant)", "stats, 30 days", `${b}/endpoints/stats?hours=720`),
    get("Endpoints (big tenant)", "stats, one endpoint", `${b}/endpoints/stats?endpointId=${endpoint}`),
    get("Endpoints (big tenant)", "members", `${b}/members`),
    get("Endpoints (big tenant)", "invitations", `${b}/invitations`),
    get("Endpoints (big tenant)", "API keys", `${b}/api-keys`),
    get("Endpoints (big tenant)", "test inboxes", `${b}/inboxes`),

    get("Messages (big tenant)", "first page", `${b}/messages`),
    get("Messages (big tenant)", "page 20 by cursor", `${b}/messages?cursor=${messageCursor}`),
    get("Messages (big tenant)", "busiest type", `${b}/messages?eventType=${busyType}`),
    get("Messages (big tenant)", "rare type (1 %)", `${b}/messages?eventType=${RARE_TYPE}`),
    get("Messages (big tenant)", "type never sent (0)", `${b}/messages?eventType=${NEVER_TYPE}`),
    get("Messages (big tenant)", "an hour 14 days ago", `${b}/messages?${oldHour}`),
    get("Messages (big tenant)", "rare type, an hour 14 days ago", `${b}/messages?eventType=${RARE_TYPE}&${oldHour}`),
    get("Messages (big tenant)", "the last hour", `${b}/messages?${lastHour}`),
    get("Messages (big tenant)", "after tomorrow (0)", `${b}/messages?${future}`),
    get("Messages (big tenant)", "before 40 days ago (0)", `${b}/messages?${beforeAll}`),
    get("Messages (big tenant)", "detail", `${b}/messages/${message}`),

    get("Deliveries (big tenant)", "first page", `${b}/deliveries`),
    get("Deliveries (big tenant)", "page 20 by cursor", `${b}/deliveries?cursor=${cursor}`),
    get("Deliveries (big tenant)", "succeeded", `${b}/deliveries?status=succeeded`),
    get("Deliveries (big tenant)", "failed", `${b}/deliveries?status=failed`),
    get("Deliveries (big tenant)", "pending", `${b}/deliveries?status=pending`),
    get("Deliveries (big tenant)", "canceled (0)", `${b}/deliveries?status=canceled`),
    get("Deliveries (big tenant)", "busiest type", `${b}/deliveries?eventType=${busyType}`),
    get("Deliveries (big tenant)", "rare type (1 %)", `${b}/deliveries?eventType=${RARE_TYPE}`),
    get("Deliveries (big tenant)", "type never sent (0)", `${b}/deliveries?eventType=${NEVER_TYPE}`),
    get("Deliveries (big tenant)", "endpoint", `${b}/deliveries?endpointId=${endpoint}`),
    get("Deliveries (big tenant)", "endpoint, failed", `${b}/deliveries?endpointId=${endpoint}&status=failed`),
    get("Deliveries (big tenant)", "endpoint, canceled (0)", `${b}/deliveries?endpointId=${endpoint}&status=canceled`),
    get("Deliveries (big tenant)", "endpoint, type it does not get (0)", `${b}/deliveries?endpointId=${endpoint}&eventType=${otherType}`),
    get("Deliveries (big tenant)", "failed, rare type", `${b}/deliveries?status=failed&eventType=${RARE_TYPE}`),
    get("Deliveries (big tenant)", "pending, type never sent (0)", `${b}/deliveries?status=pending&eventType=${NEVER_TYPE}`),
    get("Deliveries (big tenant)", "message", `${b}/deliveries?messageId=${message}`),
    get("Deliveries (big tenant)", "an hour 14 days ago", `${b}/deliveries?${oldHour}`),
    get("Deliveries (big tenant)", "failed, an hour 14 days ago", `${b}/deliveries?status=failed&${oldHour}`),
    get("Deliveries (big tenant)", "endpoint, an hour 14 days ago", `${b}/deliveries?endpointId=${endpoint}&${oldHour}`),
    get("Deliveries (big tenant)", "the last hour", `${b}/deliveries?${lastHour}`),
    get("Deliveries (big tenant)", "after tomorrow (0)", `${b}/deliveries?${future}`),
    get("Deliveries (big tenant)", "before 40 days ago (0)", `${b}/deliveries?${beforeAll}`),
    get("Deliveries (big tenant)", "detail (8 attempts)", `${b}/deliveries/${delivery}`),

    get("Small tenant (2.6 % of the data)", "deliveries, first page", `${s}/deliveries`),
    get("Small tenant (2.6 % of the data)", "deliveries, type never sent (0)", `${s}/deliveries?eventType=${NEVER_TYPE}`),
    get("Small tenant (2.6 % of the data)", "deliveries, an hour 14 days ago", `${s}/deliveries?${oldHour}`),
    get("Small tenant (2.6 % of the data)", "messages, first page", `${s}/messages`),
    get("Small tenant (2.6 % of the data)", "endpoint stats, 24 hours", `${s}/endpoints/stats`),

    {
      group: "Publish (big tenant, 2 endpoints each)",
      label: "POST messages",
      method: "POST",
      path: `${b}/messages`,
      body: (i) => ({ eventType: REGULAR_TYPES[3], payload: samplePayload(i) }),
    },
  ];
}
