// The local executor's per-endpoint prefetch: deliveries claimed ahead of a free slot wait in
// memory under their lease, start as soon as a request of their endpoint ends, and are handed back
// (lease cleared) when the executor stops, so another process takes them at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { db } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";
import { LocalExecutor } from "../../../lib/executors/local";

let receiver: Receiver;
beforeAll(async () => {
  process.env.HOOKYARD_EXECUTOR = "local";
  process.env.HOOKYARD_RETRY_SCHEDULE = "0s,300ms";
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const newExecutor = () => new LocalExecutor({ concurrency: 16, perEndpointConcurrency: 2, log: (line) => console.error(line) });

async function counts(endpointId: string) {
  const [row] = await db().$queryRaw<{ leased: number; pending: number; succeeded: number }[]>`
    SELECT count(*) FILTER (WHERE "leaseUntil" IS NOT NULL)::int AS leased,
           count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
    FROM "Delivery" WHERE "endpointId" = ${endpointId}`;
  return row;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("per-endpoint prefetch", () => {
  it("holds the next deliveries of a busy endpoint, starts them as slots free, and hands them back on stop", async () => {
    const admin = await adminKey();
    await createEventTypes(admin, "order.completed");
    const tenant = await createTenantWithKey(admin, "Prefetch");
    const endpoint = (await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url }, tenant.key)).body;
    receiver.respond(() => ({ status: 200, delayMs: 800 }));
    for (let i = 0; i < 10; i++) {
      expect((await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "order.completed", payload: { i } }, tenant.key)).status).toBe(202);
    }

    const first = newExecutor();
    await first.start();
    await receiver.waitFor(2);
    // Two requests at the receiver (the endpoint's bound), two more claimed and waiting behind them.
    await until(async () => (await counts(endpoint.id)).leased === 4);
    expect(receiver.requests).toHaveLength(2);

    // The two waiting ones start the moment the first two requests end, still within the bound.
    await receiver.waitFor(4, 3_000);
    expect(receiver.requests[2].at - receiver.requests[0].at).toBeLessThan(1_500);

    // Stopping waits for the requests in flight and releases the claims still waiting.
    await first.stop();
    const afterStop = await counts(endpoint.id);
    expect(afterStop.leased).toBe(0);
    expect(afterStop.succeeded).toBe(4);
    expect(afterStop.pending).toBe(6);

    // Another executor picks the rest up at once (no lease to wait out); each is sent exactly once.
    receiver.respond(() => ({ status: 200 }));
    const second = newExecutor();
    await second.start();
    try {
      await receiver.waitFor(10, 5_000);
      await until(async () => (await counts(endpoint.id)).succeeded === 10);
    } finally {
      await second.stop();
    }
    const ids = receiver.requests.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(10);
  });
});
