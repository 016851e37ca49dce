// Hot statements (publish, API key, claim, record, leases) run straight on node-postgres rather
// than through Prisma's $queryRaw (lib/db/client.ts, hotQuery). Their callers were written for
// $queryRaw's values, and DateTime columns are timestamps without zone holding UTC: a server whose
// TZ is not UTC must still store and read the same instants.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Prisma } from "../../../lib/db/generated/client";
import { db, hotQuery } from "../../../lib/db/client";
import { isForeignKeyViolation } from "../../../lib/db/errors";

const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "America/New_York";
});
afterAll(() => {
  process.env.TZ = originalTz;
});

it("gives the values Prisma's $queryRaw gives for the same row", async () => {
  const row = Prisma.sql`SELECT 9007199254740993::int8 AS big, 7::int AS small, '{"a":[1,"x"]}'::jsonb AS doc, ARRAY['x', NULL] AS list,
    true AS yes, 'pending'::"DeliveryStatus" AS status, NULL::text AS nothing,
    '2026-01-02 03:04:05.678'::timestamp AS at, ${new Date("2026-05-06T07:08:09.010Z")}::timestamp AS echoed`;
  const viaPrisma = await db().$queryRaw<unknown[]>(row);
  const { rows: viaHot } = await hotQuery(row);
  expect(viaHot).toEqual(viaPrisma);
  expect(viaHot[0]).toMatchObject({ big: 9007199254740993n, at: new Date("2026-01-02T03:04:05.678Z"), echoed: new Date("2026-05-06T07:08:09.010Z") });
});

it("sends a Date as its UTC time, also inside an array", async () => {
  const at = new Date("2026-03-04T05:06:07.089Z");
  const { rows } = await hotQuery<{ one: string; many: string }>(Prisma.sql`
    SELECT to_char(${at}::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS one,
      to_char((${[at]}::timestamp[])[1], 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS many`);
  expect(rows[0]).toEqual({ one: "2026-03-04T05:06:07.089", many: "2026-03-04T05:06:07.089" });
});

it("counts the rows a statement changed, and its errors are told apart like Prisma's", async () => {
  const { rowCount } = await hotQuery(Prisma.sql`UPDATE "Delivery" SET "updatedAt" = now() WHERE false`);
  expect(rowCount).toBe(0);
  const orphan = hotQuery(Prisma.sql`INSERT INTO "Endpoint" (id, "tenantId", url, "updatedAt") VALUES ('ep_orphan', 'no_such_tenant', 'https://example.com', now())`);
  await expect(orphan).rejects.toSatisfy(isForeignKeyViolation);
});
