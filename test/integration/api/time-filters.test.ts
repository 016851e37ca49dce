// ?after= and ?before= on the deliveries and messages lists. The lists page by id and the filter
// turns the times into id bounds (ids are UUIDv7: their first bits are the time they were made),
// widened by ID_CLOCK_SLACK_MS, while createdAt still decides. So the answers must be exact at the
// boundary — a millisecond either side — also for rows whose id was made up to a minute off their
// createdAt (the server's and the database's clocks differ, an insert waits for a connection).
import { randomBytes } from "node:crypto";
import { TypeID } from "typeid-js";
import { beforeAll, describe, expect, it } from "vitest";
import { get, post, type ApiResponse } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { ID_CLOCK_SLACK_MS } from "../../../lib/db/pagination";

const HOUR = 3_600_000;
// A boundary on an odd millisecond, a day ago.
const B = Math.floor(Date.now() / 1000) * 1000 - 24 * HOUR + 123;

/** A TypeID made at `ms`, random otherwise, like lib/ids.ts makes them. */
function idMadeAt(prefix: string, ms: number): string {
  const hex = ms.toString(16).padStart(12, "0");
  const r = randomBytes(8).toString("hex");
  const variant = ((parseInt(r[3], 16) & 0x3) | 0x8).toString(16);
  return TypeID.fromUUID(prefix, `${hex.slice(0, 8)}-${hex.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${randomBytes(6).toString("hex")}`).toString();
}

let admin: string;
let tenant: TestTenant;
let other: TestTenant;
let endpointId: string;
const rows: { messageId: string; deliveryId: string; createdAt: number; eventType: string }[] = [];

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed", "order.refunded");
  tenant = await createTenantWithKey(admin, "Time filters");
  other = await createTenantWithKey(admin, "Time filters, other tenant");
  endpointId = (await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: "https://a.example.com/hooks" }, tenant.key)).body.id;
  // Rows a millisecond either side of the boundary and on it, and an hour away; each with its id
  // made just inside the slack before or after its createdAt, or at it.
  const createdAts = [B - HOUR, B - 1, B, B + 1, B + HOUR];
  const skews = [-(ID_CLOCK_SLACK_MS - 1), -1, 0, 1, ID_CLOCK_SLACK_MS - 1];
  let n = 0;
  for (const createdAt of createdAts) {
    for (const skew of skews) {
      const eventType = n++ % 2 ? "order.refunded" : "order.completed";
      const message = await db().message.create({
        data: { id: idMadeAt("msg", createdAt + skew), tenantId: tenant.id, eventType, payload: { n }, createdAt: new Date(createdAt) },
      });
      const delivery = await db().delivery.create({
        data: {
          id: idMadeAt("dlv", createdAt + skew),
          tenantId: tenant.id,
          messageId: message.id,
          endpointId,
          eventType,
          status: "succeeded",
          createdAt: new Date(createdAt),
        },
      });
      rows.push({ messageId: message.id, deliveryId: delivery.id, createdAt, eventType });
    }
  }
});

/** Every page of a list, 3 rows at a time, following the cursor. */
async function allPages(path: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res: ApiResponse<{ data: { id: string }[]; nextCursor: string | null }> = await get(`${path}${sep}limit=3${cursor ? `&cursor=${cursor}` : ""}`, key);
    expect(res.status, res.text).toBe(200);
    ids.push(...res.body.data.map((r) => r.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
const newestFirst = (ids: string[]) => [...ids].sort().reverse();

const windows: { name: string; query: string; keep: (createdAt: number) => boolean }[] = [
  { name: "after the boundary", query: `after=${iso(B)}`, keep: (t) => t > B },
  { name: "before the boundary", query: `before=${iso(B)}`, keep: (t) => t < B },
  { name: "after a millisecond before it", query: `after=${iso(B - 1)}`, keep: (t) => t > B - 1 },
  { name: "before a millisecond after it", query: `before=${iso(B + 1)}`, keep: (t) => t < B + 1 },
  { name: "between the two", query: `after=${iso(B - 1)}&before=${iso(B + 1)}`, keep: (t) => t === B },
  { name: "an hour either side", query: `after=${iso(B - HOUR)}&before=${iso(B + HOUR)}`, keep: (t) => t > B - HOUR && t < B + HOUR },
  { name: "after, with a +02:00 offset", query: `after=${encodeURIComponent(new Date(B + 2 * HOUR).toISOString().replace("Z", "+02:00"))}`, keep: (t) => t > B },
  { name: "an empty window", query: `after=${iso(B)}&before=${iso(B)}`, keep: () => false },
];

describe("deliveries", () => {
  it.each(windows)("$name: exactly the rows created in the window, every page", async ({ query, keep }) => {
    const expected = newestFirst(rows.filter((r) => keep(r.createdAt)).map((r) => r.deliveryId));
    expect(await allPages(`/api/v1/tenants/${tenant.id}/deliveries?${query}`, tenant.key)).toEqual(expected);
  });

  it("combines the window with the other filters", async () => {
    const expected = newestFirst(rows.filter((r) => r.createdAt > B - 1 && r.eventType === "order.refunded").map((r) => r.deliveryId));
    expect(expected.length).toBeGreaterThan(0);
    expect(await allPages(`/api/v1/tenants/${tenant.id}/deliveries?after=${iso(B - 1)}&eventType=order.refunded&endpointId=${endpointId}&status=succeeded`, tenant.key)).toEqual(expected);
  });

  it("finds nothing for another tenant's endpoint (nor says it exists)", async () => {
    const res = await get(`/api/v1/tenants/${other.id}/deliveries?endpointId=${endpointId}`, other.key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], nextCursor: null });
  });
});

describe("messages", () => {
  it.each(windows)("$name: exactly the rows created in the window, every page", async ({ query, keep }) => {
    const expected = newestFirst(rows.filter((r) => keep(r.createdAt)).map((r) => r.messageId));
    expect(await allPages(`/api/v1/tenants/${tenant.id}/messages?${query}`, tenant.key)).toEqual(expected);
  });

  it("combines the window with the event type", async () => {
    const expected = newestFirst(rows.filter((r) => r.createdAt < B + 1 && r.eventType === "order.completed").map((r) => r.messageId));
    expect(await allPages(`/api/v1/tenants/${tenant.id}/messages?before=${iso(B + 1)}&eventType=order.completed`, tenant.key)).toEqual(expected);
  });
});
