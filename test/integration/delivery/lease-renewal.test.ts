// A lease renewal that was on its way while the attempt's record landed (the holder renews its
// leases on a timer, in one statement for all of them) must not put the lease back: the delivery
// is finished, and a lease left on it would make a retry of it answer 409 attempt_in_progress.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { performAttempt } from "../../../lib/delivery/attempt";
import { loadClaimedContexts } from "../../../lib/delivery/context";
import { claimOne, releaseClaims, renewLeaseStates, renewLeases } from "../../../lib/delivery/lease";
import { reloadEnv } from "../../../lib/env";
import { post } from "../../helpers/api";
import { deliveryOf } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

let admin: string;
let tenant: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  admin = await adminKey();
  await createEventTypes(admin, "lease.renewed");
  tenant = await createTenantWithKey(admin, "Lease renewal");
  receiver = await startReceiver();
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url }, tenant.key);
  expect(res.status).toBe(201);
});
afterAll(() => receiver.close());

async function pendingDelivery(): Promise<string> {
  const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "lease.renewed", payload: { n: 1 } }, tenant.key);
  expect(res.status).toBe(202);
  return deliveryOf(tenant.id, res.body.id, tenant.key);
}

const leaseOf = (id: string) => db().delivery.findUniqueOrThrow({ where: { id }, select: { status: true, leaseUntil: true, sendingSince: true } });

describe("lease renewal", () => {
  it("does not put back the lease of an attempt recorded meanwhile", async () => {
    const id = await pendingDelivery();
    const lease = (await claimOne(id))!;
    const ctx = (await loadClaimedContexts([lease])).get(id)!;
    expect((await performAttempt(ctx)).succeeded).toBe(true);

    expect(await renewLeases([lease])).toEqual([lease]); // no longer held
    // …but finished under our own token, not taken over: the lost-lease metric must not count it.
    expect(await renewLeaseStates([lease])).toEqual(new Map([[id, "finished"]]));
    expect(await leaseOf(id)).toEqual({ status: "succeeded", leaseUntil: null, sendingSince: null });
    const retry = await post(`/api/v1/tenants/${tenant.id}/deliveries/${id}/retry`, {}, tenant.key);
    expect(retry.status).toBe(202);
  });

  it("does not put back a lease handed back meanwhile", async () => {
    const id = await pendingDelivery();
    const lease = (await claimOne(id))!;
    await releaseClaims([lease]);

    expect(await renewLeases([lease])).toEqual([lease]);
    expect(await leaseOf(id)).toEqual({ status: "pending", leaseUntil: null, sendingSince: null });
    expect(await claimOne(id)).not.toBeNull(); // claimable at once
  });

  it("calls a lease claimed again by someone else lost", async () => {
    const id = await pendingDelivery();
    const lease = (await claimOne(id))!;
    await releaseClaims([lease]);
    const theirs = (await claimOne(id))!;
    expect((await renewLeaseStates([lease])).get(id)).toBe("lost"); // a new token: not ours any more
    expect((await renewLeaseStates([theirs])).get(id)).toBe("renewed");
  });

  it("extends a lease still held", async () => {
    const id = await pendingDelivery();
    const lease = (await claimOne(id))!;
    const before = (await leaseOf(id)).leaseUntil!;
    await new Promise((r) => setTimeout(r, 20));
    expect(await renewLeases([lease])).toEqual([]);
    expect((await leaseOf(id)).leaseUntil!.getTime()).toBeGreaterThan(before.getTime());
  });
});
