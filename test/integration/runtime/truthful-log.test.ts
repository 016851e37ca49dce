// "Every request that reached a receiver is an Attempt row, exactly once" — with real worker
// processes killed, stopped and frozen, and the database stopped and frozen under them. Each case
// counts the requests a real receiver got against the attempts recorded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";
import { post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";
import { startReceiver, type Receiver, type Reply } from "../../helpers/receiver";
import { startScratchPostgres, type ScratchPostgres } from "../../helpers/scratch-postgres";
import { startWorkerProcess, type WorkerProcess } from "../../helpers/worker-process";

let pgx: ScratchPostgres;
let receiver: Receiver;
let admin: string;
const workers: WorkerProcess[] = [];
const replies = new Map<string, (index: number) => Reply>();

beforeAll(async () => {
  pgx = await startScratchPostgres("truth");
  process.env.DATABASE_URL = pgx.url;
  process.env.HOOKYARD_DB_QUERY_TIMEOUT = "2s";
  reloadEnv();
  receiver = await startReceiver();
  receiver.respond((req) => {
    const seen = receiver.requests.filter((r) => r.path === req.path).length - 1;
    return replies.get(req.path)?.(seen) ?? { status: 200 };
  });
  admin = await adminKey();
  await createEventTypes(admin, "truth.happened");
}, 120_000);

afterEach(async () => {
  pgx?.thaw();
  for (const w of workers.splice(0)) {
    w.signal("SIGCONT");
    w.signal("SIGKILL");
    await w.exited;
  }
});

afterAll(async () => {
  await receiver?.close();
  await disconnectDb();
  await pgx?.destroy();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function worker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const w = await startWorkerProcess(pgx.url, { HOOKYARD_RETRY_SCHEDULE: "0s,500ms,500ms,500ms,500ms", HOOKYARD_DB_QUERY_TIMEOUT: "2s", ...env });
  workers.push(w);
  return w;
}

async function tenantWithEndpoint(name: string, reply: (index: number) => Reply) {
  const tenant = await createTenantWithKey(admin, `Truth ${name}`);
  const path = `/${name}`;
  replies.set(path, reply);
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path), timeoutMs: 30_000 }, tenant.key);
  expect(res.status).toBe(201);
  return { tenant, path };
}

async function publish(tenant: { id: string; key: string }, count: number): Promise<void> {
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) =>
      post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "truth.happened", payload: { n: i + j } }, tenant.key),
    );
    for (const res of await Promise.all(batch)) expect(res.status).toBe(202);
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const received = (path: string) => receiver.requests.filter((r) => r.path === path);
const succeeded = (tenantId: string) => db().delivery.count({ where: { tenantId, status: "succeeded" } });

/**
 * What the receiver got against what the log says, per message: `missing` counts requests that
 * reached the receiver with no attempt to show for them; `unexplained`, attempts with a known
 * outcome that never reached it. An interrupted attempt (its worker died with it in flight) may
 * or may not have reached it: it explains one received request, or none.
 */
async function audit(tenantId: string, path: string) {
  const attempts = await db().$queryRaw<{ messageId: string; attempts: number; interrupted: number }[]>`
    SELECT d."messageId", count(*)::int AS attempts, count(*) FILTER (WHERE a."errorCategory" = 'interrupted')::int AS interrupted
    FROM "Attempt" a JOIN "Delivery" d ON d.id = a."deliveryId" WHERE a."tenantId" = ${tenantId} GROUP BY d."messageId"`;
  const held = await db().delivery.count({ where: { tenantId, OR: [{ leaseUntil: { not: null } }, { sendingSince: { not: null } }] } });
  const receivedBy = new Map<string, number>();
  for (const r of received(path)) receivedBy.set(r.headers["webhook-id"], (receivedBy.get(r.headers["webhook-id"]) ?? 0) + 1);
  let missing = 0;
  let unexplained = 0;
  for (const id of new Set([...receivedBy.keys(), ...attempts.map((a) => a.messageId)])) {
    const got = receivedBy.get(id) ?? 0;
    const row = attempts.find((a) => a.messageId === id) ?? { attempts: 0, interrupted: 0 };
    missing += Math.max(0, got - row.attempts);
    unexplained += Math.max(0, row.attempts - row.interrupted - got);
  }
  return {
    received: received(path).length,
    recorded: attempts.reduce((n, a) => n + a.attempts, 0),
    interrupted: attempts.reduce((n, a) => n + a.interrupted, 0),
    duplicates: received(path).length - receivedBy.size,
    missing,
    unexplained,
    held,
  };
}

describe("the attempt log under faults", () => {
  it("a worker killed (SIGKILL) mid-drain: its requests in flight are recorded as interrupted, none missing", async () => {
    const { tenant, path } = await tenantWithEndpoint("kill", () => ({ status: 200, delayMs: 150 }));
    const w1 = await worker({ HOOKYARD_LEASE_SECONDS: "3" });
    await publish(tenant, 120);
    await until("30 receipts", () => received(path).length >= 30);
    w1.signal("SIGKILL");
    await w1.exited;
    expect(await db().delivery.count({ where: { tenantId: tenant.id, sendingSince: { not: null } } })).toBeGreaterThan(0);

    const w2 = await worker({ HOOKYARD_LEASE_SECONDS: "3" });
    await until("every delivery to succeed", async () => (await succeeded(tenant.id)) === 120);
    w2.signal("SIGTERM");
    await w2.exited;
    // Every request that reached the receiver is in the log. The attempts the worker had claimed
    // when it died are logged as interrupted: some reached the receiver (and were sent again by
    // the next worker: duplicates the receiver dedupes by webhook-id), some had not left yet.
    const log = await audit(tenant.id, path);
    expect(log).toMatchObject({ missing: 0, unexplained: 0, held: 0 });
    expect(log.interrupted).toBeGreaterThan(0);
    expect(log.received).toBeLessThanOrEqual(log.recorded);
    expect(log.recorded - log.received).toBeLessThanOrEqual(log.interrupted);
  }, 120_000);

  it("a worker stopped (SIGTERM) mid-drain: it finishes or cuts short its requests within the grace, records them all, leaves nothing leased", async () => {
    // Until the SIGTERM, every 10th request hangs past the grace; the rest take 300 ms.
    let hang = true;
    const { tenant, path } = await tenantWithEndpoint("term", (i) => ({ status: 200, delayMs: hang && i % 10 === 3 ? 20_000 : 300 }));
    const w1 = await worker({ HOOKYARD_SHUTDOWN_GRACE: "2s" });
    await publish(tenant, 80);
    await until("20 receipts", () => received(path).length >= 20);
    const stoppedAt = Date.now();
    w1.signal("SIGTERM");
    hang = false;
    expect(await w1.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000 + 5_000);
    const afterStop = await audit(tenant.id, path);
    expect(afterStop).toMatchObject({ held: 0, received: afterStop.recorded, missing: 0, unexplained: 0 });
    expect(afterStop.interrupted).toBeGreaterThan(0); // the hanging ones, cut short

    const w2 = await worker();
    await until("every delivery to succeed", async () => (await succeeded(tenant.id)) === 80);
    w2.signal("SIGTERM");
    await w2.exited;
    const log = await audit(tenant.id, path);
    expect(log).toMatchObject({ received: log.recorded, missing: 0, unexplained: 0, held: 0 });
  }, 120_000);

  /** 100 deliveries drained by one worker while `fault` happens to the database. */
  async function drainThrough(name: string, fault: () => Promise<void>) {
    const { tenant, path } = await tenantWithEndpoint(name, () => ({ status: 200, delayMs: 200 }));
    const w1 = await worker();
    await publish(tenant, 100);
    await until("20 receipts", () => received(path).length >= 20);
    await fault();
    await until("every delivery to succeed", async () => (await succeeded(tenant.id)) === 100, 90_000).catch(async (err) => {
      // What the worker said and where the deliveries are: what a stall needs to be understood.
      const statuses = await db().$queryRaw`SELECT status::text, count(*)::int AS n, count("sendingSince")::int AS marked,
        count("leaseUntil")::int AS leased FROM "Delivery" WHERE "tenantId" = ${tenant.id} GROUP BY 1`;
      throw new Error(`${(err as Error).message}\ndeliveries: ${JSON.stringify(statuses)}\nworker output (tail):\n${w1.output.join("").slice(-4000)}`);
    });
    w1.signal("SIGTERM");
    await w1.exited;
    const log = await audit(tenant.id, path);
    expect(log).toMatchObject({ received: log.recorded, missing: 0, unexplained: 0, duplicates: 0, interrupted: 0, held: 0 });
  }

  it("the database stopped for 10 s mid-drain: records wait and land, nothing is sent twice", async () => {
    await drainThrough("down", async () => {
      await pgx.stop();
      await sleep(10_000);
      await pgx.start();
    });
  }, 120_000);

  it("the database frozen (SIGSTOP) for 10 s mid-drain: the same", async () => {
    await drainThrough("frozen", async () => {
      pgx.freeze();
      await sleep(10_000);
      pgx.thaw();
    });
  }, 120_000);

  it("a request longer than the lease keeps its lease (renewed) and is sent once", async () => {
    const { tenant, path } = await tenantWithEndpoint("long", () => ({ status: 200, delayMs: 8_000 }));
    const w1 = await worker({ HOOKYARD_LEASE_SECONDS: "3" });
    const w2 = await worker({ HOOKYARD_LEASE_SECONDS: "3" }); // would take it over if the lease ran out
    await publish(tenant, 1);
    await until("the delivery to succeed", async () => (await succeeded(tenant.id)) === 1, 30_000);
    await sleep(1_000);
    const log = await audit(tenant.id, path);
    expect(log).toMatchObject({ received: 1, recorded: 1, interrupted: 0, missing: 0, unexplained: 0 });
    w1.signal("SIGTERM");
    w2.signal("SIGTERM");
  }, 60_000);

  it("a frozen worker's lease is taken over; its late record fills in the attempt its successor marked interrupted", async () => {
    const { tenant, path } = await tenantWithEndpoint("late", (i) => ({ status: 200, delayMs: i === 0 ? 1_500 : 0 }));
    const w1 = await worker({ HOOKYARD_LEASE_SECONDS: "3" });
    await publish(tenant, 1);
    await until("the first request", () => received(path).length === 1);
    w1.signal("SIGSTOP"); // it cannot renew its lease, nor record the answer it will get
    await sleep(4_000);
    const w2 = await worker({ HOOKYARD_LEASE_SECONDS: "3" });
    await until("the second request", () => received(path).length === 2, 20_000);
    await until("the delivery to succeed", async () => (await succeeded(tenant.id)) === 1);
    w1.signal("SIGCONT");
    await until("the late record", async () => (await audit(tenant.id, path)).interrupted === 0, 20_000);
    const log = await audit(tenant.id, path);
    expect(log).toMatchObject({ received: 2, recorded: 2, interrupted: 0, missing: 0, unexplained: 0, held: 0 });
    w2.signal("SIGTERM");
  }, 60_000);
});
