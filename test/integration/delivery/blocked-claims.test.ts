// A rate-limited endpoint's backlog sits among the oldest due rows, where every claim looks first.
// Each publish wakes the worker; were every wake a claim, each would re-read the same blocked rows
// (~1.8 ms of PostgreSQL per publish in the bench) to take nothing. While every due row is held
// back by a bound, news of work is looked at a few times a second instead — and a publish to
// another endpoint still goes out at once after that short wait.
import { beforeAll, expect, it } from "vitest";
import { post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { useLocalExecutor } from "../../helpers/engine";
import { metrics } from "../../../lib/observability/metrics";

const executor = useLocalExecutor({ concurrency: 8, perEndpoint: 2 });

let admin: string;
beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
});

async function tenantWithEndpoint(name: string, extra: object = {}): Promise<{ tenant: TestTenant; receiver: Receiver }> {
  const tenant = await createTenantWithKey(admin, name);
  const receiver = await startReceiver();
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url, ...extra }, tenant.key);
  expect(res.status).toBe(201);
  return { tenant, receiver };
}

const publish = (t: TestTenant, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => post(`/api/v1/tenants/${t.id}/messages`, { eventType: "order.completed", payload: { i } }, t.key)));

async function emptyDueClaims(): Promise<number> {
  const { values } = await metrics().claims.get();
  return values.find((v) => v.labels.kind === "due" && v.labels.took === "none")?.value ?? 0;
}

it("looks behind a rate-limited backlog a few times a second, not once per wake", async () => {
  const limited = await tenantWithEndpoint("Rate limited", { rateLimitPerSecond: 1 });
  const fast = await tenantWithEndpoint("Fast");
  try {
    await publish(limited.tenant, 20); // fewer than a claim's window (64): it sees them all
    await limited.receiver.waitFor(1, 5_000); // the bucket's one token is spent; 19 wait, due

    // 40 notifications of new work, 5 ms apart, as a stream of publishes would bring.
    const before = await emptyDueClaims();
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      executor.wake();
      await new Promise((r) => setTimeout(r, 5));
    }
    const elapsed = Date.now() - started;
    const empty = (await emptyDueClaims()) - before;
    // Every wake a claim, each taking nothing, would make ~40 here.
    expect(empty).toBeGreaterThan(0);
    expect(empty).toBeLessThanOrEqual(Math.ceil(elapsed / 25) + 2);
    expect(empty).toBeLessThan(20);

    // Another tenant's publish still goes out at once.
    const sent = Date.now();
    await publish(fast.tenant, 1);
    await fast.receiver.waitFor(1, 2_000);
    expect(Date.now() - sent).toBeLessThan(500);
    expect(limited.receiver.requests.length).toBeLessThanOrEqual(3); // the limit holds meanwhile
  } finally {
    await Promise.all([limited.receiver.close(), fast.receiver.close()]);
  }
});
