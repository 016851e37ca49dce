// Changes that land while deliveries are in flight: nothing is sent on the old state after the API
// call that disabled, deleted or rotated returned; every 202 of a retry is exactly one more
// attempt; a receiver's Retry-After is honoured.
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { del, get, patch, post } from "../../helpers/api";
import { useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ concurrency: 32, perEndpoint: 8, schedule: "0s,300ms,300ms,3s" });

let admin: string;
let receiver: Receiver;
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "change.happened");
  receiver = await startReceiver();
  return () => receiver.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function endpointFor(tenant: TestTenant, path: string, extra: object = {}) {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path), ...extra }, tenant.key);
  expect(res.status).toBe(201);
  const secret = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${res.body.id}/secret`, tenant.key)).body.secret as string;
  return { id: res.body.id as string, secret };
}

const publishOne = (tenant: TestTenant, n: number) =>
  post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "change.happened", payload: { n } }, tenant.key);

/** Publishes continuously (a few at a time) until stopped: a busy endpoint. */
function steadyStream(tenant: TestTenant) {
  let running = true;
  let n = 0;
  const done = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (running) {
        const res = await publishOne(tenant, n++);
        if (res.status !== 202) break; // the tenant was deleted
        await sleep(5);
      }
    }),
  );
  return { stop: () => ((running = false), done) };
}

describe("changes in flight", () => {
  it("after a rotation with no grace returns, every request is signed with the new secret alone", async () => {
    const tenant = await createTenantWithKey(admin, "Rotate in flight");
    const endpoint = await endpointFor(tenant, "/rotate", {});
    receiver.respond((req) => ({ status: 200, delayMs: req.path === "/rotate" ? 20 : 0 }));
    const stream = steadyStream(tenant);
    await sleep(500);
    const rotated = await post(`/api/v1/tenants/${tenant.id}/endpoints/${endpoint.id}/secret/rotate`, { graceSeconds: 0 }, tenant.key);
    const returnedAt = Date.now();
    expect(rotated.status).toBe(200);
    await sleep(500);
    await stream.stop();
    await sleep(1_000);
    // Attempt.startedAt is when the worker (in this process, same clock) started each request.
    const attempts = await db().attempt.findMany({ where: { endpointId: endpoint.id }, select: { startedAt: true, requestHeaders: true } });
    const after = attempts.filter((a) => a.startedAt.getTime() > returnedAt);
    const before = attempts.filter((a) => a.startedAt.getTime() <= returnedAt - 300);
    expect(after.length).toBeGreaterThan(5);
    expect(before.length).toBeGreaterThan(5);
    const signature = (a: { requestHeaders: unknown }) => (a.requestHeaders as Record<string, string>)["webhook-signature"];
    for (const a of after) expect(signature(a).split(" ")).toHaveLength(1);
    // And that one signature is the new secret's: the receiver verifies each request it got.
    const newSecret = rotated.body.secret as string;
    const receivedAfter = receiver.requests.filter((r) => r.path === "/rotate" && after.some((a) => signature(a) === r.headers["webhook-signature"]));
    expect(receivedAfter.length).toBeGreaterThan(0);
    for (const r of receivedAfter) expect(() => new Webhook(newSecret).verify(r.body, r.headers)).not.toThrow();
    for (const r of receivedAfter) expect(() => new Webhook(endpoint.secret).verify(r.body, r.headers)).toThrow();
  });

  it("after disabling returns, nothing more is sent to the endpoint", async () => {
    const tenant = await createTenantWithKey(admin, "Disable in flight");
    const endpoint = await endpointFor(tenant, "/disable");
    receiver.respond((req) => ({ status: 200, delayMs: req.path === "/disable" ? 20 : 0 }));
    const stream = steadyStream(tenant);
    await sleep(500);
    expect((await patch(`/api/v1/tenants/${tenant.id}/endpoints/${endpoint.id}`, { disabled: true }, tenant.key)).status).toBe(200);
    const returnedAt = Date.now();
    await sleep(700);
    await stream.stop();
    const attempts = await db().attempt.findMany({ where: { endpointId: endpoint.id }, select: { startedAt: true } });
    expect(attempts.length).toBeGreaterThan(5);
    expect(attempts.filter((a) => a.startedAt.getTime() > returnedAt)).toEqual([]);
    const lastArrival = Math.max(...receiver.requests.filter((r) => r.path === "/disable").map((r) => r.at));
    expect(lastArrival).toBeLessThan(returnedAt + 100); // only requests already on their way
  });

  it("after deleting an endpoint, or its tenant, returns, nothing more is sent", async () => {
    for (const what of ["endpoint", "tenant"] as const) {
      const tenant = await createTenantWithKey(admin, `Delete ${what} in flight`);
      const path = `/delete-${what}`;
      const endpoint = await endpointFor(tenant, path);
      receiver.respond((req) => ({ status: 200, delayMs: req.path === path ? 20 : 0 }));
      const stream = steadyStream(tenant);
      await sleep(500);
      const res = what === "endpoint" ? await del(`/api/v1/tenants/${tenant.id}/endpoints/${endpoint.id}`, tenant.key) : await del(`/api/v1/tenants/${tenant.id}`, admin);
      expect(res.status).toBe(204);
      const returnedAt = Date.now();
      await sleep(700);
      await stream.stop();
      const arrivals = receiver.requests.filter((r) => r.path === path).map((r) => r.at);
      expect(arrivals.length).toBeGreaterThan(5);
      expect(Math.max(...arrivals)).toBeLessThan(returnedAt + 100);
    }
  });

  it("50 concurrent retries of one delivery: exactly as many attempts as 202 answers, the rest 409 attempt_in_progress", async () => {
    const tenant = await createTenantWithKey(admin, "Retry storm");
    await endpointFor(tenant, "/storm");
    receiver.respond((req) => ({ status: 200, delayMs: req.path === "/storm" ? 50 : 0 }));
    const messageId = (await publishOne(tenant, 1)).body.id;
    const [delivery] = (await get(`/api/v1/tenants/${tenant.id}/deliveries?messageId=${messageId}`, tenant.key)).body.data;
    await waitForDelivery(tenant.id, delivery.id, tenant.key, (d) => d.status === "succeeded");

    for (let round = 0; round < 3; round++) {
      const before = await db().attempt.count({ where: { deliveryId: delivery.id } });
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(`/api/v1/tenants/${tenant.id}/deliveries/${delivery.id}/retry`, {}, tenant.key)));
      const accepted = answers.filter((a) => a.status === 202).length;
      expect(accepted).toBeGreaterThanOrEqual(1);
      for (const a of answers.filter((x) => x.status !== 202)) expect(a).toMatchObject({ status: 409, body: { error: { code: "attempt_in_progress" } } });
      await waitForDelivery(tenant.id, delivery.id, tenant.key, (d) => d.status === "succeeded" && d.attempts.length === before + accepted);
      await sleep(500); // any extra attempt would show now
      expect(await db().attempt.count({ where: { deliveryId: delivery.id } })).toBe(before + accepted);
    }
  });

  it("honours a 429's Retry-After in seconds and a 503's as a date, and says so in the attempt", async () => {
    const tenant = await createTenantWithKey(admin, "Retry-After");
    await endpointFor(tenant, "/slow-down");
    let calls = 0;
    receiver.respond((req) => {
      if (req.path !== "/slow-down") return { status: 200 };
      calls++;
      if (calls === 1) return { status: 429, headers: { "retry-after": "2" } };
      if (calls === 2) return { status: 503, headers: { "retry-after": new Date(Date.now() + 1_500).toUTCString() } };
      return { status: 200 };
    });
    const messageId = (await publishOne(tenant, 1)).body.id;
    const [delivery] = (await get(`/api/v1/tenants/${tenant.id}/deliveries?messageId=${messageId}`, tenant.key)).body.data;
    const done = await waitForDelivery(tenant.id, delivery.id, tenant.key, (d) => d.status === "succeeded", 15_000);
    const [first, second, third] = done.attempts.map((a: { startedAt: string; error: string | null }) => ({ at: Date.parse(a.startedAt), error: a.error }));
    expect(second.at - first.at).toBeGreaterThanOrEqual(2_000); // the schedule alone says 300 ms
    expect(first.error).toMatch(/HTTP 429; the receiver asked to wait 2 s \(Retry-After\)/);
    expect(third.at - second.at).toBeGreaterThanOrEqual(500); // an HTTP date, rounded to whole seconds
    expect(second.error).toMatch(/HTTP 503; the receiver asked to wait/);
  });

  it("caps a Retry-After at the schedule's longest gap", async () => {
    const tenant = await createTenantWithKey(admin, "Retry-After capped");
    await endpointFor(tenant, "/park-me");
    let calls = 0;
    receiver.respond((req) => (req.path === "/park-me" && ++calls === 1 ? { status: 503, headers: { "retry-after": "86400" } } : { status: 200 }));
    const messageId = (await publishOne(tenant, 1)).body.id;
    const [delivery] = (await get(`/api/v1/tenants/${tenant.id}/deliveries?messageId=${messageId}`, tenant.key)).body.data;
    const done = await waitForDelivery(tenant.id, delivery.id, tenant.key, (d) => d.status === "succeeded", 10_000);
    expect(done.attempts[0].error).toMatch(/asked to wait 86400 s \(Retry-After\); waiting the retry schedule's longest gap, 3 s/);
    expect(Date.parse(done.attempts[1].startedAt) - Date.parse(done.attempts[0].startedAt)).toBeGreaterThanOrEqual(3_000);
  });
});
