// The processes under `npm start`, and a worker on its own: a worker killed outright is
// restarted and delivery goes on with every request in the log; a web server that dies while
// starting takes the whole tree down with a message that says so; `npm run worker` against
// DATABASE_URL delivers, answers on its health port, and drains when npm is stopped.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { get, post } from "../helpers/api";
import { adminKey, createEventTypes } from "../helpers/fixtures";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { attemptCounts, attemptLog, deliveryStatuses, leasedDeliveries, publish, received, setUpTenant, sorted } from "./helpers/delivery-log";
import { adminApi, hookyardsForEachTest, SUPERVISOR, until, WEB_SERVER, WORKER } from "./helpers/hookyard";
import { listensOn } from "./helpers/processes";

const hookyards = hookyardsForEachTest();
let receiver: Receiver;
/** This test file's own database (test/setup/database-per-file.ts): the DATABASE_URL cases. */
let databaseUrl: string;
let client: pg.Client;

beforeAll(async () => {
  receiver = await startReceiver();
  databaseUrl = process.env.DATABASE_URL!;
  expect(databaseUrl).toContain(inject("adminDatabaseUrl").split("/postgres")[0]);
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await receiver?.close();
});

const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === `/${path}`).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("supervised children", () => {
  it("a worker killed outright is restarted, and delivery goes on with every request in the log", async () => {
    const hookyard = await hookyards.start({
      databaseUrl,
      env: { HOOKYARD_LEASE_SECONDS: "3", HOOKYARD_RETRY_SCHEDULE: "0s,200ms,200ms,200ms", HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: "4" },
    });
    const readyAt = Date.now();
    const api = adminApi(hookyard);
    // The first four requests hang (in flight when the worker dies); every later one is answered.
    receiver.respond((req) => ({ delayMs: req.path === "/crash" && requestsTo("crash") <= 4 ? 120_000 : 0 }));
    const tenant = await setUpTenant(api, receiver, ["crash"], { timeoutMs: 30_000 });
    const ids = await publish(api, tenant, 10);
    await until("4 requests in flight", () => requestsTo("crash") >= 4);
    // Past its start-up window (a death then would bring the tree down instead).
    await sleep(Math.max(0, readyAt + 5_500 - Date.now()));
    const [supervisor] = hookyard.find(SUPERVISOR);
    const [web] = hookyard.find(WEB_SERVER);
    const [worker] = hookyard.find(WORKER);

    process.kill(worker.pid, "SIGKILL");
    await until("the worker restarted", () => hookyard.find(WORKER).some((w) => w.pid !== worker.pid), 15_000);
    expect(hookyard.output.join("")).toContain("the worker was killed by SIGKILL; restarting it in 1 s");
    await until("the new worker's health port", () => listensOn(hookyard.find(WORKER), hookyard.workerPort), 30_000);

    await until("every delivery succeeded", async () => (await deliveryStatuses(client, tenant.tenantId)).succeeded === ids.length, 60_000);
    const log = await attemptLog(client, tenant.tenantId);
    expect(sorted(attemptCounts(log))).toEqual(sorted(received(receiver, ["crash"])));
    // The four it died with: recorded as interrupted by its successor, then sent again.
    expect([...log.values()].filter((l) => l.outcomes.join() === "interrupted,ok")).toHaveLength(4);
    expect(await leasedDeliveries(client)).toEqual([]);
    // Nothing else was restarted.
    expect(hookyard.find(SUPERVISOR).map((p) => p.pid)).toEqual([supervisor.pid]);
    expect(hookyard.find(WEB_SERVER).map((p) => p.pid)).toEqual([web.pid]);

    hookyard.npm.kill("SIGTERM");
    await hookyard.waitGone(20_000);
  });

  it("a web server that dies while starting stops the whole tree, PostgreSQL included, with a message naming it", async () => {
    const hookyard = await hookyards.spawn();
    await until("the web server starting", () => hookyard.find(WEB_SERVER).length > 0, 90_000);
    const [web] = hookyard.find(WEB_SERVER);
    expect(hookyard.find(/postgres-keeper\.mjs/)).toHaveLength(1);
    process.kill(web.pid, "SIGKILL");

    expect(await hookyard.exited).not.toBe(0);
    await hookyard.waitGone(20_000);
    const output = hookyard.output.join("");
    expect(output).toContain("the web server was killed by SIGKILL while starting; stopping Hookyard");
    expect(output).not.toContain("restarting");
  });
});

describe("npm run worker", () => {
  it("against DATABASE_URL: delivers, answers on its health port, and drains when npm is stopped", async () => {
    // No web server here: the tenant, endpoint and messages go in through the API handlers in
    // this process, on the same database.
    const admin = await adminKey();
    await createEventTypes(admin, "worker.alone");
    const tenant = (await post("/api/v1/tenants", { name: "Worker alone" }, admin)).body;
    expect((await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: `http://127.0.0.1:${receiver.port}/alone` }, admin)).status).toBe(201);
    const publishOne = async (n: number) => {
      const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "worker.alone", payload: { n } }, admin);
      expect(res.status).toBe(202);
      return res.body.id as string;
    };
    const graceMs = 10_000;
    const worker = await hookyards.start({ script: "worker", databaseUrl, env: { HOOKYARD_SHUTDOWN_GRACE: `${graceMs}ms` } });
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${worker.workerPort}/health`);
      return { status: res.status, body: await res.json() };
    };
    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", database: "ok", inFlight: 0, listening: true } });
    expect((await fetch(`http://127.0.0.1:${worker.workerPort}/other`)).status).toBe(404);

    receiver.respond(() => ({ delayMs: 0 }));
    for (let n = 0; n < 3; n++) await publishOne(n);
    await until("3 deliveries", () => requestsTo("alone") === 3);

    // Four requests that take 2 s each, in flight when npm is stopped: they finish and are recorded.
    receiver.respond(() => ({ delayMs: 2_000 }));
    for (let n = 3; n < 7; n++) await publishOne(n);
    await until("4 requests in flight", () => requestsTo("alone") === 7);
    expect((await health()).body.inFlight).toBe(4);
    worker.npm.kill("SIGTERM");
    expect(await worker.waitGone(graceMs + 5_000)).toBeLessThan(graceMs); // it did not need the whole grace
    expect(worker.output.join("")).toMatch(/"process":"worker".*stopping[\s\S]*"process":"worker".*"msg":"stopped"/);
    await expect(fetch(`http://127.0.0.1:${worker.workerPort}/health`)).rejects.toThrow();

    expect(await deliveryStatuses(client, tenant.id)).toEqual({ succeeded: 7 });
    expect(await leasedDeliveries(client)).toEqual([]);
    const log = await attemptLog(client, tenant.id);
    expect(sorted(attemptCounts(log))).toEqual(sorted(received(receiver, ["alone"])));
    const listed = await get(`/api/v1/tenants/${tenant.id}/deliveries?status=succeeded`, admin);
    expect(listed.body.data).toHaveLength(7);
  });
});
