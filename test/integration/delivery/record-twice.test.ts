// A record whose answer is lost in an outage may have committed: the recorder runs it again once
// the database is back. The second run must find the attempt recorded, not move the delivery on a
// second time nor insert the attempt again (Attempt is keyed by delivery and number: it would fail
// the whole batch, and the worker would stop claiming while it believed the database away).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { recordAttempt, recorderStalled } from "../../../lib/delivery/record";
import { reloadEnv } from "../../../lib/env";
import { claimedRecord } from "../../helpers/engine";
import { addUnreachableEndpoint, adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let tenant: TestTenant;

beforeAll(async () => {
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  const admin = await adminKey();
  await createEventTypes(admin, "record.twice");
  tenant = await createTenantWithKey(admin, "Record twice");
  // Nothing listens there: the executor-less claim below is the only sender.
  await addUnreachableEndpoint(tenant);
});

describe("recording an attempt twice", () => {
  it("the second run answers recorded and changes nothing", async () => {
    const record = await claimedRecord(tenant, "record.twice");
    expect(await recordAttempt(record)).toBe("recorded");
    const after = await db().delivery.findUniqueOrThrow({ where: { id: record.ctx.delivery.id } });
    expect(await recordAttempt(record)).toBe("recorded");
    const again = await db().delivery.findUniqueOrThrow({ where: { id: record.ctx.delivery.id } });
    expect(again).toMatchObject({ status: "succeeded", attemptCount: 1, updatedAt: after.updatedAt, leaseUntil: null, sendingSince: null });
    expect(await db().attempt.count({ where: { deliveryId: record.ctx.delivery.id } })).toBe(1);
    expect(recorderStalled()).toBe(false);
  });

  it("twice in one batch, beside another delivery's first record", async () => {
    const [a, b] = [await claimedRecord(tenant, "record.twice"), await claimedRecord(tenant, "record.twice")];
    expect(await recordAttempt(a)).toBe("recorded");
    expect(await Promise.all([recordAttempt(a), recordAttempt(b)])).toEqual(["recorded", "recorded"]);
    expect(await db().attempt.count({ where: { deliveryId: { in: [a.ctx.delivery.id, b.ctx.delivery.id] } } })).toBe(2);
  });
});
