// The functions as Inngest runs them. The serve route syncs their configuration (PUT
// /api/inngest, to the fake Inngest API standing in for the Dev Server); Inngest then evaluates
// its CEL expressions — concurrency and throttle keys, cancellation conditions — against events.
// Here a CEL implementation evaluates the synced expressions against the events Hookyard really
// sends (a fan-out's delivery.scheduled, the API's endpoint.disabled / .deleted), so these tests
// fail if a key is lost, keys on the wrong field, or a cancellation would reach another endpoint.
import { InngestTestEngine } from "@inngest/test";
import { isCelError, run as celRun } from "@bufbuild/cel";
import { beforeAll, describe, expect, it } from "vitest";
import { call, del, patch } from "../../helpers/api";
import type { SentEvent } from "./fake-inngest";
import { setUpTenant, useInngestExecutor, type TenantKit } from "./harness";

// Caps other than the defaults, to see the settings reach Inngest.
process.env.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT = "3";
process.env.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT = "5";
const { fake, functions, fanOutFunction } = await useInngestExecutor();
const { inngestClientOptions } = await import("../../../lib/executors/inngest/client");
const { throttleLane } = await import("../../../lib/executors/inngest/scheduling");
const { parseSchedule } = await import("../../../lib/delivery/retry-schedule");
const { newId } = await import("../../../lib/ids");

/** Evaluates an Inngest expression as Inngest would (CEL), failing the test on an error such as
 * a field the event does not have. */
function cel(expression: string, bindings: Record<string, unknown>): unknown {
  const result = celRun(expression, bindings as Parameters<typeof celRun>[1]);
  if (isCelError(result)) throw new Error(`${expression}: ${result.message}`);
  return result;
}

const asTrigger = ({ eventKey: _key, ...event }: SentEvent) => event;

interface SyncedFunction {
  id: string;
  triggers: { event?: string; cron?: string }[];
  concurrency?: { key?: string; limit: number }[] | number;
  throttle?: { key: string; limit: number; period: string };
  cancel?: { event: string; if: string }[];
}

describe("the functions Inngest runs, as synced by the serve route", () => {
  let synced: Record<string, SyncedFunction>;
  let kit: TenantKit;
  /** Another tenant, with one endpoint. */
  let otherTenantEndpoint = "";
  const endpoints: Record<"limited" | "unlimited" | "other", string> = { limited: "", unlimited: "", other: "" };
  /** delivery.scheduled events, as the fan-out sent them for a few published messages. */
  const scheduled: SentEvent[] = [];

  beforeAll(async () => {
    const res = await call("PUT", "/api/inngest");
    expect(res.status).toBe(200);
    expect(fake.registrations).toHaveLength(1);
    expect(fake.registrations[0]).toMatchObject({ appName: "hookyard", framework: "nextjs", url: "http://hookyard.test/api/inngest" });
    synced = Object.fromEntries(fake.registrations[0].functions.map((f: SyncedFunction) => [f.id, f]));

    kit = await setUpTenant("Flow control");
    endpoints.limited = (await kit.endpoint("https://example.com/limited", { rateLimitPerSecond: 3 })).id;
    endpoints.unlimited = (await kit.endpoint("https://example.com/unlimited")).id;
    endpoints.other = (await kit.endpoint("https://example.com/other")).id;
    const kit2 = await setUpTenant("Flow control, another tenant");
    otherTenantEndpoint = (await kit2.endpoint("https://example.com/tenant-2")).id;
    for (let i = 0; i < 14; i++) {
      const messageId = await (i < 12 ? kit : kit2).publish({ i });
      const [published] = fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId);
      const before = fake.events.length;
      const { error } = await new InngestTestEngine({ function: fanOutFunction }).execute({ events: [asTrigger(published) as any] });
      expect(error).toBeUndefined();
      scheduled.push(...fake.events.slice(before));
    }
    expect(scheduled).toHaveLength(38);
  });

  const ofEndpoint = (endpointId: string) => scheduled.filter((e) => e.data.endpointId === endpointId);

  it("serves the four functions, each triggered by the events Hookyard sends or a clock", async () => {
    expect(Object.keys(synced).sort()).toEqual(["hookyard-deliver", "hookyard-fan-out", "hookyard-retention-sweep", "hookyard-sweep-overdue-deliveries"]);
    expect(functions).toHaveLength(4);
    const triggeredBy = (id: string) => synced[id].triggers.map((t) => t.event);
    expect(triggeredBy("hookyard-fan-out")).toEqual([fake.named("hookyard/message.published")[0].name]);
    expect(new Set(scheduled.map((e) => e.name))).toEqual(new Set(triggeredBy("hookyard-deliver")));
    // The sweeper runs on a clock, one run at a time.
    expect(synced["hookyard-sweep-overdue-deliveries"].triggers).toEqual([{ cron: "* * * * *" }]);
    expect(synced["hookyard-sweep-overdue-deliveries"].concurrency).toBe(1);
    expect(synced["hookyard-retention-sweep"].triggers).toEqual([{ cron: "* * * * *" }]);
    expect(synced["hookyard-retention-sweep"].concurrency).toBe(1);
    expect((await call("GET", "/api/inngest")).body).toMatchObject({ function_count: 4 });
  });

  it("deliver: attempts in flight are capped per tenant and per endpoint, at the configured numbers", () => {
    const concurrency = synced["hookyard-deliver"].concurrency;
    if (!Array.isArray(concurrency) || concurrency.length !== 2 || concurrency.some((c) => !c.key)) {
      throw new Error(`expected two keyed concurrency limits: ${JSON.stringify(concurrency)}`);
    }
    /** The distinct keys of a limit over groups of runs: one per group means a cap per group. */
    const keySets = (key: string, groups: SentEvent[][]) => groups.map((runs) => new Set(runs.map((e) => cel(key, { event: asTrigger(e) }))));
    const byEndpoint = [...Object.values(endpoints), otherTenantEndpoint].map(ofEndpoint);
    const byTenant = [Object.values(endpoints).flatMap(ofEndpoint), ofEndpoint(otherTenantEndpoint)];
    const [perTenant, perEndpoint] = [concurrency.find((c) => c.limit === 5)!, concurrency.find((c) => c.limit === 3)!];
    expect(perTenant && perEndpoint).toBeTruthy();
    // Per tenant: one key for all of a tenant's runs, another tenant's apart.
    const tenantKeys = keySets(perTenant.key!, byTenant);
    for (const keys of tenantKeys) expect(keys.size).toBe(1);
    expect(new Set(tenantKeys.flatMap((keys) => [...keys])).size).toBe(2);
    // Per endpoint: one key per endpoint.
    const endpointKeys = keySets(perEndpoint.key!, byEndpoint);
    for (const keys of endpointKeys) expect(keys.size).toBe(1);
    expect(new Set(endpointKeys.flatMap((keys) => [...keys])).size).toBe(4);
  });

  it("deliver: run starts are throttled to the endpoint's rate limit, and not at all without one", () => {
    const throttle = synced["hookyard-deliver"].throttle;
    if (!throttle) throw new Error("the deliver function lost its throttle");
    const keysOf = (endpointId: string) => new Set(ofEndpoint(endpointId).map((e) => cel(throttle.key, { event: asTrigger(e) })));
    const periodSeconds = parseSchedule(throttle.period)[0] / 1000;
    // Each throttle key allows `limit` starts per period: the most an endpoint can start per second.
    const startsPerSecond = (endpointId: string) => (keysOf(endpointId).size * throttle.limit) / periodSeconds;
    const limited = keysOf(endpoints.limited);
    expect(startsPerSecond(endpoints.limited)).toBeLessThanOrEqual(3);
    // Spread over the lanes (12 deliveries all in one lane of 3: odds of 1 in 177,147).
    expect(limited.size).toBeGreaterThan(1);
    // Without a limit every delivery has a key of its own, so none waits for another.
    expect(keysOf(endpoints.unlimited).size).toBe(ofEndpoint(endpoints.unlimited).length);
    // No endpoint's lanes are another's.
    const all = Object.values(endpoints).flatMap((id) => [...keysOf(id)]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("deliver: disabling or deleting an endpoint cancels that endpoint's runs and no other's", async () => {
    const cancel = synced["hookyard-deliver"].cancel ?? [];
    await patch(`/api/v1/tenants/${kit.tenant.id}/endpoints/${endpoints.limited}`, { disabled: true }, kit.tenant.key);
    expect((await del(`/api/v1/tenants/${kit.tenant.id}/endpoints/${endpoints.other}`, kit.tenant.key)).status).toBe(204);
    const announced = [
      { affected: endpoints.limited, event: fake.named("hookyard/endpoint.disabled").find((e) => e.data.endpointId === endpoints.limited) },
      { affected: endpoints.other, event: fake.named("hookyard/endpoint.deleted").find((e) => e.data.endpointId === endpoints.other) },
    ];
    for (const { affected, event } of announced) {
      expect(event).toBeDefined();
      const rules = cancel.filter((rule) => rule.event === event!.name);
      expect(rules).toHaveLength(1);
      const cancelled = scheduled.filter((run) => cel(rules[0].if, { event: asTrigger(run), async: asTrigger(event!) }) === true);
      expect(cancelled).toEqual(ofEndpoint(affected));
    }
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
