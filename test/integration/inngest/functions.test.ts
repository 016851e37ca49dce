// The functions as Inngest sees them: their configuration objects, and the sync the serve route
// at /api/inngest sends (to the fake Inngest API standing in for the Dev Server).
import { describe, expect, it } from "vitest";
import { call } from "../../helpers/api";
import { useInngestExecutor } from "./harness";

const { fake, functions, deliverFunction, fanOutFunction, sweeperFunction } = await useInngestExecutor();
const { inngestClientOptions } = await import("../../../lib/executors/inngest/client");
const { throttleLane } = await import("../../../lib/executors/inngest/scheduling");
const { newId } = await import("../../../lib/ids");

const sameEndpoint = "async.data.endpointId == event.data.endpointId";
/** A trigger's or cancellation's event name (given as a typed eventType() or a string). */
const eventName = (e: unknown) => (typeof e === "string" ? e : (e as { name: string }).name);

describe("function configuration", () => {
  it("deliver: triggered per delivery, concurrency keyed by tenant and by endpoint, throttled by rate-limit lane, cancelled with its endpoint", () => {
    const opts = deliverFunction.opts;
    expect(deliverFunction.id()).toBe("deliver");
    expect(opts.triggers?.map((t) => eventName(t.event))).toEqual(["hookyard/delivery.scheduled"]);
    expect(opts.concurrency).toEqual([
      { key: "event.data.tenantId", limit: 64 },
      { key: "event.data.endpointId", limit: 16 },
    ]);
    expect(opts.throttle).toEqual({ key: 'event.data.endpointId + ":" + event.data.lane', limit: 1, period: "1s" });
    expect(opts.cancelOn?.map((c) => ({ event: eventName(c.event), if: c.if }))).toEqual([
      { event: "hookyard/endpoint.disabled", if: sameEndpoint },
      { event: "hookyard/endpoint.deleted", if: sameEndpoint },
    ]);
  });

  it("fan-out on message.published; the sweeper every minute, one at a time", () => {
    expect(fanOutFunction.id()).toBe("fan-out");
    expect(fanOutFunction.opts.triggers?.map((t) => eventName(t.event))).toEqual(["hookyard/message.published"]);
    expect(sweeperFunction.id()).toBe("sweep-overdue-deliveries");
    expect(sweeperFunction.opts.triggers).toEqual([{ cron: "* * * * *" }]);
    expect(sweeperFunction.opts.concurrency).toBe(1);
    expect(functions).toEqual([fanOutFunction, deliverFunction, sweeperFunction]);
  });
});

describe("the serve route /api/inngest", () => {
  it("syncs all three functions with their flow control (PUT)", async () => {
    const res = await call("PUT", "/api/inngest");
    expect(res.status).toBe(200);
    expect(fake.registrations).toHaveLength(1);
    const synced = fake.registrations[0];
    expect(synced).toMatchObject({ appName: "hookyard", framework: "nextjs", url: "http://hookyard.test/api/inngest" });
    const byId = Object.fromEntries(synced.functions.map((f: { id: string }) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual(["hookyard-deliver", "hookyard-fan-out", "hookyard-sweep-overdue-deliveries"]);
    expect(byId["hookyard-deliver"]).toMatchObject({
      triggers: [{ event: "hookyard/delivery.scheduled" }],
      concurrency: [
        { key: "event.data.tenantId", limit: 64 },
        { key: "event.data.endpointId", limit: 16 },
      ],
      throttle: { key: 'event.data.endpointId + ":" + event.data.lane', limit: 1, period: "1s" },
      cancel: [
        { event: "hookyard/endpoint.disabled", if: sameEndpoint },
        { event: "hookyard/endpoint.deleted", if: sameEndpoint },
      ],
    });
    expect(byId["hookyard-fan-out"].triggers).toEqual([{ event: "hookyard/message.published" }]);
    expect(byId["hookyard-sweep-overdue-deliveries"].triggers).toEqual([{ cron: "* * * * *" }]);
  });

  it("describes itself to the Dev Server (GET)", async () => {
    const res = await call("GET", "/api/inngest");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ function_count: 3, mode: "dev" });
  });
});

describe("client configuration", () => {
  it("is cloud mode unless INNGEST_DEV is set", () => {
    expect(inngestClientOptions({ INNGEST_EVENT_KEY: "ek", INNGEST_SIGNING_KEY: "signkey-prod-00" })).toEqual({
      id: "hookyard",
      isDev: false,
      baseUrl: undefined,
      eventKey: "ek",
      signingKey: "signkey-prod-00",
    });
    expect(inngestClientOptions({ INNGEST_DEV: "1" })).toMatchObject({ isDev: true, baseUrl: undefined });
    expect(inngestClientOptions({ INNGEST_DEV: "0" })).toMatchObject({ isDev: false });
    expect(inngestClientOptions({ INNGEST_DEV: "http://inngest:8288" })).toMatchObject({ isDev: true, baseUrl: "http://inngest:8288" });
    // Self-hosted `inngest start`: cloud mode (signed) against your own server.
    expect(inngestClientOptions({ INNGEST_BASE_URL: "http://inngest.internal:8288", INNGEST_SIGNING_KEY: "k" })).toMatchObject({
      isDev: false,
      baseUrl: "http://inngest.internal:8288",
    });
  });
});

describe("throttle lanes", () => {
  it("spread an endpoint's deliveries evenly over as many 1/s lanes as its rate limit, always the same lane per delivery", () => {
    const ids = Array.from({ length: 4000 }, () => newId("delivery"));
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(throttleLane(id, 4), (counts.get(throttleLane(id, 4)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["0", "1", "2", "3"]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(850); // 1000 expected each
    expect(ids.every((id) => throttleLane(id, 4) === throttleLane(id, 4))).toBe(true);
    // No rate limit: a lane of its own per delivery, so the throttle never holds it back.
    expect(throttleLane(ids[0], null)).toBe(ids[0]);
    expect(throttleLane(ids[0], 1)).toBe("0");
  });
});
