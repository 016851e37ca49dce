// The local executor across real server processes on one database, in single-process mode
// (HOOKYARD_WORKERS=0: each web server delivers; see helpers/server.ts): two servers never send
// the same attempt twice, and a server killed with SIGKILL mid-flight loses nothing — after a
// restart every delivery completes, and every request that reached the receiver is in the log.
// Worker processes under the supervisor: supervisor-*.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { startServer, type RunningServer } from "./helpers/server";

let receiver: Receiver;
let servers: RunningServer[] = [];
let adminKey: string;

beforeAll(async () => {
  receiver = await startReceiver();
  adminKey = (await createApiKey(db(), { name: "e2e", scope: "admin", tenantId: null })).key;
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop(true)));
  servers = [];
});
afterAll(() => receiver.close());

async function api(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function setUpTenant(server: RunningServer, name: string, pathName: string) {
  const tenant = await api(server, "POST", "/tenants", { name });
  await api(server, "POST", "/event-types", { name: `${pathName}.happened` }).catch(() => {});
  await api(server, "POST", `/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", `/${pathName}`) });
  return tenant.id as string;
}

async function publishMany(server: RunningServer, tenantId: string, type: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, j) =>
        api(server, "POST", `/tenants/${tenantId}/messages`, { eventType: type, payload: { n: i + j } }),
      ),
    );
    ids.push(...batch.map((m) => m.id as string));
  }
  return ids;
}

async function waitAllSucceeded(tenantId: string, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await db().delivery.count({ where: { tenantId, status: "succeeded" } });
    if (done === count) return;
    if (Date.now() > deadline) throw new Error(`only ${done}/${count} deliveries succeeded`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("local executor across processes", () => {
  it("two servers on one database never send the same attempt twice", async () => {
    const env = { HOOKYARD_WORKER_CONCURRENCY: "16", HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: "16" };
    servers.push(await startServer(env), await startServer(env));
    const tenantId = await setUpTenant(servers[0], "Two servers", "pair");
    receiver.respond(() => ({ status: 200, delayMs: 5 }));
    // Publish through both servers so both are woken and race for the same rows.
    const ids = (await Promise.all([publishMany(servers[0], tenantId, "pair.happened", 150), publishMany(servers[1], tenantId, "pair.happened", 150)])).flat();
    await waitAllSucceeded(tenantId, ids.length, 60_000);
    const received = receiver.requests.filter((r) => r.path === "/pair").map((r) => r.headers["webhook-id"]);
    expect(received).toHaveLength(ids.length);
    expect(new Set(received)).toEqual(new Set(ids));
    expect(await db().attempt.count({ where: { tenantId } })).toBe(ids.length);
  });

  it("a server killed mid-flight loses no delivery: after a restart all complete", async () => {
    const env = { HOOKYARD_LEASE_SECONDS: "3", HOOKYARD_RETRY_SCHEDULE: "0s,500ms,500ms,500ms", HOOKYARD_WORKER_CONCURRENCY: "8", HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: "8", HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: "8" };
    const first = await startServer(env);
    servers.push(first);
    const tenantId = await setUpTenant(first, "Crash", "crash");
    receiver.respond(() => ({ status: 200, delayMs: 150 })); // keep attempts in flight
    const ids = await publishMany(first, tenantId, "crash.happened", 120);
    // Kill it while it is delivering: some requests sent, most not, some in flight.
    const deadline = Date.now() + 30_000;
    while (receiver.requests.filter((r) => r.path === "/crash").length < 20 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await first.stop(true);
    const beforeRestart = await db().delivery.count({ where: { tenantId, status: "succeeded" } });
    expect(beforeRestart).toBeLessThan(ids.length);
    // It died holding claims: those deliveries come back only once their leases expire.
    const orphaned = await db().delivery.count({ where: { tenantId, status: "pending", leaseUntil: { gt: new Date() } } });
    expect(orphaned).toBeGreaterThan(0);

    servers.push(await startServer(env));
    await waitAllSucceeded(tenantId, ids.length, 90_000);
    const requests = receiver.requests.filter((r) => r.path === "/crash").map((r) => r.headers["webhook-id"]);
    expect(new Set(requests)).toEqual(new Set(ids)); // every message arrived at least once
    // Each request that arrived is an attempt; those the killed server had in flight are recorded
    // as "interrupted" by the next server once their leases ran out. (One it had claimed but not
    // yet sent is "interrupted" too: from the log's side it may have gone out.)
    const attempts = await db().attempt.findMany({ where: { tenantId }, select: { errorCategory: true, delivery: { select: { messageId: true } } } });
    for (const id of ids) {
      const sent = requests.filter((r) => r === id).length;
      const logged = attempts.filter((a) => a.delivery.messageId === id);
      const interrupted = logged.filter((a) => a.errorCategory === "interrupted").length;
      expect(logged.length, id).toBeGreaterThanOrEqual(sent);
      expect(logged.length - sent, id).toBeLessThanOrEqual(interrupted);
    }
    expect(attempts.some((a) => a.errorCategory === "interrupted")).toBe(true);
  });
});
