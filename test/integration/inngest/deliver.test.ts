// The deliver function under @inngest/test against the real database and a real receiver: each
// `attempt-<n>` step is the real attemptDelivery, each `wait-<n>` sleep waits for real until the
// delivery is due (the engine cannot run a sleep itself).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "../../../lib/db/client";
import { del, patch } from "../../helpers/api";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveriesOf, realSleeps, runDeliver, setSchedule, setUpTenant, useInngestExecutor } from "./harness";

const { fake, deliverFunction } = await useInngestExecutor({ schedule: "0s,1s,1s" });
const { scheduledData } = await import("../../../lib/executors/inngest/scheduling");
const { claimOne } = await import("../../../lib/delivery/lease");

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const pathOf = (name: string) => receiver.url.replace("/hook", `/${name}`);
const requestsTo = (name: string) => receiver.requests.filter((r) => r.path === `/${name}`);

/** A tenant of its own with one endpoint at /<name>, and a message published to it: returns the
 * delivery and the delivery.scheduled event for it. */
async function publishTo(name: string, extra: object = {}) {
  const kit = await setUpTenant(`Deliver ${name}`);
  const endpoint = await kit.endpoint(pathOf(name), extra);
  const messageId = await kit.publish({ name });
  const [delivery] = await deliveriesOf(messageId);
  const event = { name: "hookyard/delivery.scheduled", data: scheduledData({ id: delivery.id, tenantId: kit.tenant.id, endpointId: endpoint.id, rateLimitPerSecond: null }) };
  return { kit, endpoint, messageId, deliveryId: delivery.id, event };
}

describe("the deliver function", () => {
  it("delivers a Standard Webhooks request the receiver verifies, in one attempt step", async () => {
    const { endpoint, messageId, deliveryId, event } = await publishTo("once");
    const { result, ctx } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));

    expect(result).toMatchObject({ deliveryId, iterations: 1, outcome: "recorded", succeeded: true, status: "succeeded", waitMs: null, stopReason: "finished" });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    const [req] = requestsTo("once");
    expect(req.headers["webhook-id"]).toBe(messageId);
    expect(new Webhook(endpoint.secret).verify(req.body, req.headers)).toMatchObject({ type: "order.completed", data: { name: "once" } });
    const [delivery] = await deliveriesOf(messageId);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 1, leaseUntil: null });
  });

  it("retries after the scheduled sleep with the same webhook-id, and stops once it succeeds", async () => {
    receiver.respond((req) => (req.path === "/flaky" && requestsTo("flaky").length === 1 ? { status: 500, body: "boom" } : { status: 200 }));
    const { endpoint, messageId, deliveryId, event } = await publishTo("flaky");
    const { result, ctx } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    receiver.respond(() => ({ status: 200 }));

    expect(result).toMatchObject({ iterations: 2, attemptNumber: 2, succeeded: true, status: "succeeded", stopReason: "finished" });
    // One sleep, for the schedule's second entry (1 s ± 20 % jitter), by the database's clock.
    expect(ctx.step.sleep).toHaveBeenCalledTimes(1);
    const [sleepId, sleepMs] = ctx.step.sleep.mock.calls[0] as [string, number];
    expect(sleepId).toBe("wait-1");
    expect(sleepMs).toBeGreaterThanOrEqual(1000);
    expect(sleepMs).toBeLessThanOrEqual(1200);

    const requests = requestsTo("flaky");
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
    for (const r of requests) expect(() => new Webhook(endpoint.secret).verify(r.body, r.headers)).not.toThrow();
    const [delivery] = await deliveriesOf(messageId);
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts.map((a) => [a.number, a.responseStatus, a.succeeded, a.trigger])).toEqual([
      [1, 500, false, "scheduled"],
      [2, 200, true, "scheduled"],
    ]);
    expect(delivery.attempts[1].startedAt.getTime() - delivery.attempts[0].startedAt.getTime()).toBeGreaterThanOrEqual(800);
  });

  it("ends with the delivery failed once the schedule is exhausted", async () => {
    receiver.respond((req) => (req.path === "/down" ? { status: 503 } : { status: 200 }));
    const { messageId, deliveryId, event } = await publishTo("down");
    const { result, ctx } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    receiver.respond(() => ({ status: 200 }));

    expect(result).toMatchObject({ iterations: 3, attemptNumber: 3, succeeded: false, status: "failed", waitMs: null, stopReason: "finished" });
    expect(ctx.step.sleep.mock.calls.map((c) => c[0])).toEqual(["wait-1", "wait-2"]);
    expect(requestsTo("down")).toHaveLength(3);
    const [delivery] = await deliveriesOf(messageId);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 3, nextAttemptAt: null, lastResponseStatus: 503 });
    expect(delivery.attempts.map((a) => a.responseStatus)).toEqual([503, 503, 503]);
  });

  it("follows a longer schedule the same way (the policy is read per run)", async () => {
    setSchedule("0s,500ms,500ms,500ms");
    try {
      receiver.respond((req) => (req.path === "/four" ? { status: 500 } : { status: 200 }));
      const { messageId, deliveryId, event } = await publishTo("four");
      const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
      expect(result).toMatchObject({ iterations: 4, status: "failed" });
      expect((await deliveriesOf(messageId))[0].attempts).toHaveLength(4);
    } finally {
      receiver.respond(() => ({ status: 200 }));
      setSchedule("0s,1s,1s");
    }
  });

  it("ends the run when the endpoint is disabled between attempts, with the delivery canceled", async () => {
    receiver.respond((req) => (req.path === "/disabled" ? { status: 500 } : { status: 200 }));
    const { kit, endpoint, messageId, deliveryId, event } = await publishTo("disabled");
    const disable = () => patch(`/api/v1/tenants/${kit.tenant.id}/endpoints/${endpoint.id}`, { disabled: true }, kit.tenant.key);
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId, 12, { 1: disable }));
    receiver.respond(() => ({ status: 200 }));

    expect(result).toMatchObject({ iterations: 2, outcome: "canceled", status: "canceled", stopReason: "finished" });
    expect(requestsTo("disabled")).toHaveLength(1);
    const [delivery] = await deliveriesOf(messageId);
    expect(delivery).toMatchObject({ status: "canceled", attemptCount: 1, lastError: "Endpoint disabled" });
    // The disable also went out as the event the deliver function's cancelOn listens for.
    expect(fake.named("hookyard/endpoint.disabled").map((e) => e.data)).toContainEqual({ endpointId: endpoint.id });
  });

  it("tells Inngest of an endpoint the engine disabled (a 410), so the endpoint's other runs end too", async () => {
    receiver.respond((req) => (req.path === "/gone" ? { status: 410 } : { status: 200 }));
    const { endpoint, messageId, deliveryId, event } = await publishTo("gone");
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    receiver.respond(() => ({ status: 200 }));

    expect(result).toMatchObject({ iterations: 1, status: "failed", stopReason: "finished" });
    expect((await deliveriesOf(messageId))[0]).toMatchObject({ status: "failed", attemptCount: 1, lastResponseStatus: 410 });
    expect(await db().endpoint.findUnique({ where: { id: endpoint.id } })).toMatchObject({ disabled: true });
    // Sent by the engine's endpoint.disabled listener (lib/executors/hooks.ts), not by the API.
    expect(fake.named("hookyard/endpoint.disabled").map((e) => e.data)).toContainEqual({ endpointId: endpoint.id });
  });

  it("ends the run when the endpoint is deleted between attempts", async () => {
    receiver.respond((req) => (req.path === "/deleted" ? { status: 500 } : { status: 200 }));
    const { kit, endpoint, deliveryId, event } = await publishTo("deleted");
    const remove = () => del(`/api/v1/tenants/${kit.tenant.id}/endpoints/${endpoint.id}`, kit.tenant.key);
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId, 12, { 1: remove }));
    receiver.respond(() => ({ status: 200 }));

    expect(result).toMatchObject({ iterations: 2, outcome: "skipped", status: null, stopReason: "gone" });
    expect(requestsTo("deleted")).toHaveLength(1);
    expect(await db().delivery.count({ where: { id: deliveryId } })).toBe(0);
    expect(fake.named("hookyard/endpoint.deleted").map((e) => e.data)).toContainEqual({ endpointId: endpoint.id });
  });

  it("does nothing for an endpoint that is already disabled", async () => {
    const { endpoint, messageId, deliveryId, event } = await publishTo("off");
    await db().endpoint.update({ where: { id: endpoint.id }, data: { disabled: true } });
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    expect(result).toMatchObject({ iterations: 1, outcome: "canceled", status: "canceled" });
    expect(requestsTo("off")).toHaveLength(0);
    expect((await deliveriesOf(messageId))[0].attempts).toHaveLength(0);
  });

  it("sleeps until a delivery that is not yet due falls due, then attempts it", async () => {
    const { messageId, deliveryId, event } = await publishTo("later");
    await db().$executeRaw`UPDATE "Delivery" SET "nextAttemptAt" = now() AT TIME ZONE 'UTC' + interval '1.5 seconds' WHERE id = ${deliveryId}`;
    const { result, ctx } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    expect(result).toMatchObject({ iterations: 2, status: "succeeded" });
    const [first] = ctx.step.run.mock.results;
    expect(await first.value).toMatchObject({ outcome: "skipped", status: "pending", stopReason: null });
    expect(ctx.step.sleep.mock.calls[0][1]).toBeGreaterThan(1000);
    expect((await deliveriesOf(messageId))[0].attempts).toHaveLength(1);
  });

  it("leaves a delivery that another run holds to that run, sending nothing", async () => {
    const { messageId, deliveryId, event } = await publishTo("held");
    expect(await claimOne(deliveryId)).not.toBeNull();
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    expect(result).toMatchObject({ iterations: 1, outcome: "skipped", status: "pending", stopReason: "held-elsewhere" });
    expect(requestsTo("held")).toHaveLength(0);
    expect((await deliveriesOf(messageId))[0].attempts).toHaveLength(0);
  });

  it("stops at once for a delivery that already finished (a replayed or duplicate event)", async () => {
    const { deliveryId, event } = await publishTo("twice");
    await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    const { result } = await runDeliver(deliverFunction, event, realSleeps(deliveryId));
    expect(result).toMatchObject({ iterations: 1, outcome: "skipped", status: "succeeded", stopReason: "finished" });
    expect(requestsTo("twice")).toHaveLength(1);
  });

  it("ends after the schedule's length plus a few iterations, leaving a still-pending delivery to the sweeper", async () => {
    const { deliveryId, event } = await publishTo("never");
    await db().$executeRaw`UPDATE "Delivery" SET "nextAttemptAt" = now() AT TIME ZONE 'UTC' + interval '1 hour' WHERE id = ${deliveryId}`;
    // Sleeps that return at once: every attempt step finds the delivery not yet due.
    const instant = Array.from({ length: 12 }, (_, i) => ({ id: `wait-${i + 1}`, handler() {} }));
    const { result, ctx } = await runDeliver(deliverFunction, event, instant);
    expect(result).toMatchObject({ iterations: 3 + 5, stopReason: "max-iterations", status: "pending", outcome: "skipped" });
    expect(ctx.step.run).toHaveBeenCalledTimes(8);
    expect(requestsTo("never")).toHaveLength(0);
  });
});
