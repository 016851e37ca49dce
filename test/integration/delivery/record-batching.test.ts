// At a steady rate each attempt ends on its own, and recording each in its own statement cost
// PostgreSQL more per attempt than everything else a delivery does (record.ts, RECORD_LINGER_MS).
// A few attempts that end close together share one record statement; an ordered delivery is
// recorded at once, as its endpoint's next delivery becomes due only then.
import { beforeAll, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { recordAttempt } from "../../../lib/delivery/record";
import { reloadEnv } from "../../../lib/env";
import { metrics } from "../../../lib/observability/metrics";
import { claimedRecord } from "../../helpers/engine";
import { addUnreachableEndpoint, adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let tenant: TestTenant;
let orderedTenant: TestTenant;

beforeAll(async () => {
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  const admin = await adminKey();
  await createEventTypes(admin, "record.batching");
  tenant = await createTenantWithKey(admin, "Record batching");
  orderedTenant = await createTenantWithKey(admin, "Record batching, ordered");
  // Nothing listens there: the executor-less claims below are the only senders.
  await addUnreachableEndpoint(tenant);
  await addUnreachableEndpoint(orderedTenant, { ordered: true });
});

async function recordStatements(): Promise<number> {
  return (await metrics().recordStatements.get()).values[0]?.value ?? 0;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("records attempts that end one after another in one statement", async () => {
  const records = [];
  for (let i = 0; i < 5; i++) records.push(await claimedRecord(tenant, "record.batching"));
  const before = await recordStatements();
  const results: Promise<string>[] = [];
  // A turn of the event loop between them: recorded at once, the first would go alone and the
  // others in the next statement.
  for (const r of records) {
    results.push(recordAttempt(r));
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await Promise.all(results)).toEqual(Array(5).fill("recorded"));
  expect((await recordStatements()) - before).toBe(1);
  const ids = records.map((r) => r.ctx.delivery.id);
  expect(await db().attempt.count({ where: { deliveryId: { in: ids } } })).toBe(5);
});

it("records an ordered delivery's attempt at once", async () => {
  const record = await claimedRecord(orderedTenant, "record.batching");
  expect(record.ctx.delivery.ordered).toBe(true);
  const before = await recordStatements();
  const result = recordAttempt(record);
  // Before the linger would end, the statement has already run.
  await pause(1);
  expect((await recordStatements()) - before).toBe(1);
  expect(await result).toBe("recorded");
});
