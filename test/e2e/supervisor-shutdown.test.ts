// `npm start` as an operator stops it — SIGTERM to the npm process — and as a crash stops it —
// SIGKILL of the supervisor — while deliveries are in flight to a slow receiver: every process
// it started goes (the supervisor, web server, worker, tsx's esbuild, the PostgreSQL keeper,
// postmaster and backends), nothing stays leased, the next start on the same data directory works
// at once, and every request that reached the receiver is in the attempt log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { attemptCounts, attemptLog, deliveryStatuses, leasedDeliveries, publish, received, setUpTenant, sorted } from "./helpers/delivery-log";
import { adminApi, hookyardsForEachTest, SUPERVISOR, until, WEB_SERVER, withEmbeddedDatabase, WORKER } from "./helpers/hookyard";
import { describeProcesses } from "./helpers/processes";

let receiver: Receiver;
const hookyards = hookyardsForEachTest();
const start = hookyards.start;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === `/${path}`).length;

describe("npm start owns its process tree", () => {
  it.each([
    { topology: "web server + 1 worker", workers: 1, graceMs: 3_000 },
    // The web server delivers itself; a grace longer than a web server alone gets to stop, which
    // the supervisor must extend to the workers' time.
    { topology: "single-process mode (HOOKYARD_WORKERS=0)", workers: 0, graceMs: 11_000 },
  ])("SIGTERM to npm ($topology): requests in flight finish or are recorded as cut short, nothing stays leased, every process is gone within the grace + 5 s", async ({ workers, graceMs }) => {
    const hookyard = await start({
      env: { HOOKYARD_WORKERS: String(workers), HOOKYARD_SHUTDOWN_GRACE: `${graceMs}ms`, HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: "6" },
    });
    const names = hookyard.processes().map((p) => p.cmd);
    // The tree the test expects to see go: without these, "all gone" would prove little.
    for (const pattern of [SUPERVISOR, ...(workers ? [WORKER] : []), WEB_SERVER, /postgres-keeper\.mjs/, /bin\/postgres -D/, /^postgres: /]) {
      expect(names.some((cmd) => pattern.test(cmd)), `a process matching ${pattern}:\n${names.join("\n")}`).toBe(true);
    }

    // One endpoint answers within the grace, one never answers; 6 requests in flight to each.
    const [slowPath, quickPath] = [`term-slow-${workers}`, `term-quick-${workers}`];
    receiver.respond((req) => ({ delayMs: req.path === `/${slowPath}` ? 120_000 : 1_000 }));
    const api = adminApi(hookyard);
    const tenant = await setUpTenant(api, receiver, [slowPath, quickPath], { timeoutMs: 30_000 });
    const ids = await publish(api, tenant, 20);
    await until("requests in flight to both endpoints", () => requestsTo(slowPath) >= 6 && requestsTo(quickPath) >= 6);

    hookyard.npm.kill("SIGTERM");
    const goneMs = await hookyard.waitGone(graceMs + 5_000); // or it throws, naming what still runs
    console.info(`[e2e] ${workers} worker(s), grace ${graceMs} ms: every process gone ${goneMs} ms after SIGTERM to npm`);
    expect(hookyard.output.join("")).toContain("the parent process (npm) is gone: stopping");

    await withEmbeddedDatabase(hookyard.dataDir, async (client) => {
      expect(await leasedDeliveries(client)).toEqual([]);
      const log = await attemptLog(client, tenant.tenantId);
      // Exactly the requests the receiver got, each once: none sent unrecorded, none recorded unsent.
      expect(sorted(attemptCounts(log))).toEqual(sorted(received(receiver, [slowPath, quickPath])));
      const slow = [...log].filter(([key]) => key.endsWith(` ${slowPath}`)).map(([, l]) => l);
      expect(slow.length).toBe(requestsTo(slowPath));
      // Cut short when the grace ran out: the receiver may have acted on them, so they are in the log.
      expect(slow.every((l) => l.outcomes.join() === "interrupted")).toBe(true);
      const quick = [...log].filter(([key]) => key.endsWith(` ${quickPath}`)).map(([, l]) => l);
      expect(quick.length).toBe(requestsTo(quickPath));
      expect(quick.every((l) => l.outcomes.join() === "ok")).toBe(true);
      // Everything else is still pending, unclaimed, for the next start.
      const statuses = await deliveryStatuses(client, tenant.tenantId);
      expect(statuses.succeeded).toBe(quick.length);
      expect(statuses.pending).toBe(2 * ids.length - quick.length);
    });
  });

  it("SIGTERM to npm while it is still starting: nothing more starts, and every process is gone", async () => {
    const hookyard = await hookyards.spawn();
    // Stopped while it prepares the database (initdb, then migrations): npm and its shell go at
    // once, the supervisor only notices its parent is gone.
    await until("the embedded cluster being created", () => hookyard.output.join("").includes("Creating the embedded PostgreSQL cluster"));
    hookyard.npm.kill("SIGTERM");
    await hookyard.waitGone(30_000);
    const output = hookyard.output.join("");
    expect(output).toContain("the parent process (npm) is gone: stopping");
    expect(output).not.toContain("delivering"); // no worker was started
    expect(output).not.toContain("Ready in"); // nor the web server
  });

  it("SIGKILL of the supervisor: nothing of it is left after 5 s, a start straight after works, and every delivery left behind completes with each request in the log", async () => {
    const env = {
      HOOKYARD_LEASE_SECONDS: "3",
      HOOKYARD_RETRY_SCHEDULE: "0s,200ms,200ms,200ms,200ms",
      HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: "8",
    };
    const first = await start({ env });
    const api = adminApi(first);
    let hang = true;
    receiver.respond(() => ({ delayMs: hang ? 120_000 : 0 }));
    const tenant = await setUpTenant(api, receiver, ["kill"], { timeoutMs: 30_000 });
    const ids = await publish(api, tenant, 12);
    await until("8 requests in flight", () => requestsTo("kill") >= 8);
    const tree = first.processes();
    const [supervisor] = first.find(SUPERVISOR);
    expect(supervisor, describeProcesses(tree)).toBeDefined();

    hang = false; // from now on the receiver answers at once; the 8 in flight stay hung
    const killedAt = Date.now();
    process.kill(supervisor.pid, "SIGKILL");
    // No waiting: a start on the same data directory and the same ports, straight away.
    const restart = start({ dataDir: first.dataDir, port: first.port, workerPort: first.workerPort, env });
    restart.catch(() => {}); // awaited below; a failure meanwhile is not an unhandled rejection
    await first.waitGone(5_000 - (Date.now() - killedAt), tree);
    console.info(`[e2e] every process of the killed supervisor gone ${Date.now() - killedAt} ms after its SIGKILL`);
    const second = await restart;
    console.info(`[e2e] the start straight after the SIGKILL was ready ${Date.now() - killedAt} ms after it`);

    await withEmbeddedDatabase(second.dataDir, async (client) => {
      await until("every delivery succeeded", async () => (await deliveryStatuses(client, tenant.tenantId)).succeeded === ids.length, 60_000);
      expect(await leasedDeliveries(client)).toEqual([]);
      const log = await attemptLog(client, tenant.tenantId);
      expect(sorted(attemptCounts(log))).toEqual(sorted(received(receiver, ["kill"])));
      // The 8 requests in flight at the kill: recorded as interrupted, then sent again.
      const interrupted = [...log.values()].filter((l) => l.outcomes.join() === "interrupted,ok");
      const straight = [...log.values()].filter((l) => l.outcomes.join() === "ok");
      expect([interrupted.length, straight.length]).toEqual([8, ids.length - 8]);
    });

    second.npm.kill("SIGTERM");
    await second.waitGone(15_000 + 5_000);
  });
});
