// Running the local executor inside a test file, with the retry schedule in milliseconds; and
// claiming a delivery by hand, for tests of what a worker does with it.
import { afterAll, beforeAll } from "vitest";
import { reloadEnv } from "../../lib/env";
import { LocalExecutor } from "../../lib/executors/local";
import { wireDeliveryEvents } from "../../lib/runtime/delivery-events";
import { loadClaimedContexts } from "../../lib/delivery/context";
import { claimOne } from "../../lib/delivery/lease";
import type { AttemptRecord } from "../../lib/delivery/record";
import { get, post } from "./api";

export function useLocalExecutor(
  settings: { schedule?: string; disableAfter?: string; concurrency?: number; perTenant?: number; perEndpoint?: number } = {},
) {
  process.env.HOOKYARD_EXECUTOR = "local";
  process.env.HOOKYARD_RETRY_SCHEDULE = settings.schedule ?? "0s,300ms,300ms";
  process.env.HOOKYARD_DISABLE_AFTER = settings.disableAfter ?? "1h";
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  wireDeliveryEvents(); // as every process that delivers does at start-up
  const executor = new LocalExecutor({
    concurrency: settings.concurrency ?? 16,
    perTenantConcurrency: settings.perTenant ?? settings.concurrency ?? 16,
    perEndpointConcurrency: settings.perEndpoint ?? 4,
    shutdownGraceMs: 1_000,
    log: (line) => console.error(line),
  });
  beforeAll(() => executor.start());
  afterAll(() => executor.stop());
  return executor;
}

/** Polls the API until the delivery satisfies `done` (or fails the test after timeoutMs). */
export async function waitForDelivery(
  tenantId: string,
  deliveryId: string,
  key: string,
  done: (d: any) => boolean,
  timeoutMs = 10_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await get(`/api/v1/tenants/${tenantId}/deliveries/${deliveryId}`, key)).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`delivery ${deliveryId} did not reach the expected state: ${JSON.stringify(last, null, 2)}`);
}

/** The only delivery of a message. */
export async function deliveryOf(tenantId: string, messageId: string, key: string): Promise<string> {
  const res = await get(`/api/v1/tenants/${tenantId}/deliveries?messageId=${messageId}`, key);
  if (res.body.data.length !== 1) throw new Error(`expected one delivery, got ${res.text}`);
  return res.body.data[0].id;
}

/**
 * Publishes one message of `eventType` to `tenant`, claims its delivery without an executor and
 * returns the record of a successful attempt for it, ready for recordAttempt (record.ts).
 */
export async function claimedRecord(tenant: { id: string; key: string }, eventType: string): Promise<AttemptRecord> {
  const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType, payload: { n: 1 } }, tenant.key);
  const id = await deliveryOf(tenant.id, res.body.id, tenant.key);
  const lease = await claimOne(id);
  if (!lease) throw new Error(`delivery ${id} could not be claimed`);
  const ctx = (await loadClaimedContexts([lease])).get(id)!;
  return {
    ctx,
    number: ctx.delivery.attemptCount + 1,
    startedAt: new Date(),
    headers: { "content-type": "application/json" },
    outcome: { ok: true, status: 200, headers: {}, body: "ok", durationMs: 12, errorCategory: null, error: null },
    next: { status: "succeeded", scheduledAttempts: 1, nextAttemptAt: null, keepTrigger: false, note: null },
  };
}
