// A real worker process (`npm run worker`) hears its own engine: the operational webhooks the
// engine raises (lib/delivery/events.ts: an endpoint disabled on a 410, a delivery that gave up)
// are published by the worker that made the attempt and reach the operator's endpoint, signed.
// What a worker that forgot to set the engine's listeners at start-up would silently drop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../../lib/env";
import { post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { listenAsOperator, type OperatorListener } from "../../helpers/operational-webhooks";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { startWorkerProcess, type WorkerProcess } from "../../helpers/worker-process";

let receiver: Receiver;
let worker: WorkerProcess;
let operator: OperatorListener;
let customer: TestTenant;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.respond((req) => ({ status: req.path === "/gone" ? 410 : req.path === "/down" ? 503 : 200 }));
  const admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  // The operator listens before the worker starts: it would otherwise cache "nobody listens" briefly.
  operator = await listenAsOperator(admin, receiver);
  customer = await createTenantWithKey(admin, "Worker customer", "worker-customer");
  worker = await startWorkerProcess(env().DATABASE_URL!, {
    HOOKYARD_RETRY_SCHEDULE: "0s,200ms",
    HOOKYARD_ENCRYPTION_KEY: process.env.HOOKYARD_ENCRYPTION_KEY!,
  });
}, 120_000);

afterAll(async () => {
  worker?.signal("SIGTERM");
  await worker?.exited;
  await receiver?.close();
});

const endpointAt = async (path: string) =>
  (await post(`/api/v1/tenants/${customer.id}/endpoints`, { url: receiver.url.replace("/hook", path) }, customer.key)).body.id as string;

describe("a worker process's engine events", () => {
  it("reach the operator as operational webhooks: an endpoint disabled on a 410, a delivery that gave up", async () => {
    const gone = await endpointAt("/gone");
    const down = await endpointAt("/down");
    const published = await post(`/api/v1/tenants/${customer.id}/messages`, { eventType: "order.completed", payload: {} }, customer.key);
    expect(published.status).toBe(202);

    expect(await operator.eventOf("hookyard.endpoint.disabled", (d) => d.endpointId === gone)).toMatchObject({
      tenantId: customer.id,
      tenantUid: "worker-customer",
      cause: "gone",
    });
    expect(await operator.eventOf("hookyard.message.attempt.exhausted", (d) => d.endpointId === down)).toMatchObject({
      messageId: published.body.id,
      attempts: 2,
      lastResponseStatus: 503,
    });
    // The web server (this test process) runs no engine: both were the worker's doing.
    expect(worker.output.join("")).toContain("endpoint disabled: it answered 410 Gone");
  });
});
