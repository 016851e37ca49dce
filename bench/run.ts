// `npm run bench`: Hookyard's end-to-end benchmark. Builds (unless told not to), starts the real
// server in production mode with its own embedded PostgreSQL, a receiver in its own process, then:
//   1. publish throughput: N publishers in a closed loop for a while (req/s, p50/p99);
//   2. deliveries/s sustained: a paused backlog released at once, to one endpoint and fanned out
//      to several; the rate over the middle 80 % of the receipts, the drain time;
//   3. a steady 200 messages/s open loop: publish latency and publish→receipt latency;
//   4. the ceiling: signed POSTs straight at the same receiver from one undici pool;
//   5. fairness: noisy tenants with endpoints that never answer beside healthy tenants (fairness.ts);
//   6. peak memory of the server's process tree (next-server, workers, postgres) and CPU split.
// The server runs as `npm start` does: the supervisor, the web server, HOOKYARD_WORKERS workers.
// Prints a table with the targets and writes the same as JSON to bench/results/<timestamp>.json.
//
// Flags: --no-build (or BENCH_SKIP_BUILD=1) · --quick · --keep-data · --verbose · --profile (V8
// CPU profiles of next-server per phase into bench/results/prof-*) · --statements (restart with
// pg_stat_statements and report the statements per publish / per delivery) · --server-env
// KEY=VALUE (repeatable) · --pg-set name=value (reloadable PostgreSQL setting, repeatable) ·
// --analyze (ANALYZE before each backlog is released) ·
// --backlog N · --backlog-seconds S · --fanout K · --concurrency N · --publish-seconds S · --steady-rate R ·
// --steady-seconds S · --ceiling-seconds S · --ceiling-connections N · --fair-seconds S (0: skip) ·
// --workers N (HOOKYARD_WORKERS)
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { parseArgs } from "node:util";
import { Api } from "./api";
import { DbStats, perUnit, type DbSnapshot } from "./dbstats";
import { fairnessPhase } from "./fairness";
import { ceilingLoop, publishClosedLoop, publishOpenLoop, type PublishTarget } from "./load";
import { cpuPercent, machineCpu, TreeSampler, type CpuSnapshot } from "./procs";
import { forkReceiver, type ReceiverProcess } from "./receiver-client";
import type { ReceiverRecords } from "./receiver";
import { fmtInt, fmtMb, fmtMs, renderTable, type Section } from "./report";
import { cleanUpOnSignals, ensureBuild, reapStaleRuns, removeDataDir, root, startServer, type RunningServer } from "./server";
import { nowMs, perSecondBuckets, round, steadyRate, summarize } from "./stats";

// `--scale`: the read side at operator scale is its own script (bench/scale/run.ts).
if (process.argv.includes("--scale")) {
  const { runScaleBench } = await import("./scale/run");
  process.exit(await runScaleBench(process.argv.slice(2).filter((arg) => arg !== "--scale")));
}

const { values: flags } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    "keep-data": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    statements: { type: "boolean", default: false },
    analyze: { type: "boolean", default: false },
    "server-env": { type: "string", multiple: true, default: [] },
    "pg-set": { type: "string", multiple: true, default: [] },
    backlog: { type: "string" },
    "backlog-seconds": { type: "string" },
    fanout: { type: "string" },
    concurrency: { type: "string" },
    "publish-seconds": { type: "string" },
    "steady-rate": { type: "string" },
    "steady-seconds": { type: "string" },
    "ceiling-seconds": { type: "string" },
    "ceiling-connections": { type: "string" },
    "fair-seconds": { type: "string" },
    workers: { type: "string" },
  },
  strict: true,
});

const quick = flags.quick;
const num = (v: string | undefined, dflt: number) => (v === undefined ? dflt : Number(v));
const config = {
  concurrency: num(flags.concurrency, 32),
  publishSeconds: num(flags["publish-seconds"], quick ? 5 : 10),
  backlog: num(flags.backlog, quick ? 5_000 : 20_000),
  /** The backlog is published for at most this long (fan-out: half), however many that makes. */
  backlogSeconds: num(flags["backlog-seconds"], quick ? 20 : 40),
  fanout: num(flags.fanout, 4),
  steadyRate: num(flags["steady-rate"], 200),
  steadySeconds: num(flags["steady-seconds"], quick ? 8 : 15),
  ceilingSeconds: num(flags["ceiling-seconds"], quick ? 5 : 10),
  ceilingConnections: num(flags["ceiling-connections"], 64),
  fairSeconds: num(flags["fair-seconds"], quick ? 15 : 40),
  skipBuild: flags["no-build"] || process.env.BENCH_SKIP_BUILD === "1",
};
const serverEnv: Record<string, string> = Object.fromEntries(
  flags["server-env"]!.map((kv) => {
    const i = kv.indexOf("=");
    if (i < 1) throw new Error(`--server-env wants KEY=VALUE, got ${kv}`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  }),
);
if (flags.workers !== undefined) serverEnv.HOOKYARD_WORKERS = flags.workers;

const TARGETS = { deliveriesPerSecond: 1000, ceilingRatio: 0.25, publishP99Ms: 50, receiptP50Ms: 100, fairReceiptP99Ms: 1000 };
const EVENT_TYPE = "bench.order";
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The slowest latency among the requests started in each second after the first start. */
function slowestPerSecond(starts: number[], latencies: number[]): number[] {
  const first = Math.min(...starts);
  const out: number[] = [];
  starts.forEach((at, i) => {
    const second = Math.floor((at - first) / 1000);
    out[second] = Math.max(out[second] ?? 0, round(latencies[i]));
  });
  return Array.from(out, (v) => v ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Resources and their cleanup (also on Ctrl-C and on errors).
let server: RunningServer | undefined;
let receiver: ReceiverProcess | undefined;
let sampler: TreeSampler | undefined;
let dbStats: DbStats | null = null;
let api: Api | undefined;
const dataDir = path.join(root, ".data", `bench-${stamp}`);
let cleanedUp: Promise<string[]> | undefined;

function cleanup(): Promise<string[]> {
  return (cleanedUp ??= (async () => {
    const problems: string[] = [];
    sampler?.stop();
    await dbStats?.close();
    await api?.close().catch(() => {});
    if (server) {
      log("stopping the server …");
      const { leftovers } = await server.stop();
      if (leftovers.length) problems.push(`processes still alive after stop: ${leftovers.join(", ")}`);
    }
    await receiver?.stop();
    if (problems.length) {
      // Something of the server survived: keep its data dir (and marker) for the next run to reap.
      log(`kept ${dataDir}; the next run stops what is left and removes it`);
    } else if (!flags["keep-data"]) {
      try {
        removeDataDir(dataDir);
      } catch (err) {
        problems.push(`could not remove ${dataDir}: ${(err as Error).message}`);
      }
    } else {
      rmSync(path.join(dataDir, "bench-server.json"), { force: true });
      log(`kept ${dataDir}`);
    }
    for (const p of problems) log(p);
    return problems;
  })());
}

const interrupted = cleanUpOnSignals(log, cleanup, () => server);

// ---------------------------------------------------------------------------------------------

interface Snap {
  db: DbSnapshot | null;
  cpu: CpuSnapshot;
  machine: { busy: number; total: number };
  count: number;
}

async function snap(count: number): Promise<Snap> {
  return { db: dbStats ? await dbStats.snapshot().catch(() => null) : null, cpu: sampler!.cpu(), machine: machineCpu(), count };
}

function cpuBetween(a: Snap, b: Snap) {
  const byGroup = cpuPercent(a.cpu, b.cpu);
  const machineBusy = ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * os.cpus().length * 100;
  const ours = Object.values(byGroup).reduce((x, y) => x + y, 0);
  return { ...byGroup, other: Math.max(0, round(machineBusy - ours)), machine: round(machineBusy), cores: os.cpus().length };
}

function duplicates(r: ReceiverRecords): number {
  const seen = new Set<string>();
  let dups = 0;
  for (let i = 0; i < r.ids.length; i++) {
    const key = `${r.paths[r.pathIndex[i]]} ${r.ids[i]}`;
    if (seen.has(key)) dups++;
    else seen.add(key);
  }
  return dups;
}

/**
 * Waits until `expected` receipts have arrived (since the last collect), taking snapshots when 10 %
 * and 90 % of them are in: the window the per-delivery database and CPU figures come from.
 */
async function waitWithWindow(expected: number, timeoutMs: number, from: number) {
  const lo = from + Math.ceil((expected - from) * 0.1);
  const hi = from + Math.floor((expected - from) * 0.9);
  let a: Snap | undefined;
  let b: Snap | undefined;
  const deadline = Date.now() + timeoutMs;
  let count = 0;
  for (;;) {
    count = await receiver!.count();
    if (!a && count >= lo) a = await snap(count);
    if (a && !b && count >= hi) b = await snap(count);
    if (count >= expected || Date.now() > deadline) break;
    await sleep(20);
  }
  return { complete: count >= expected, count, a, b };
}

/** CPU milliseconds per unit of work between two snapshots, per process group. */
function cpuMsPer(a: Snap, b: Snap, units: number) {
  const out: Record<string, number> = {};
  for (const k of ["next", "worker", "postgres", "receiver", "bench"] as const) out[k] = round(((b.cpu.seconds[k] - a.cpu.seconds[k]) * 1000) / Math.max(1, units), 3);
  return out;
}

function windowFigures(w: { a?: Snap; b?: Snap }) {
  if (!w.a || !w.b || w.b.count <= w.a.count) return undefined;
  return {
    deliveries: w.b.count - w.a.count,
    seconds: round((w.b.cpu.at - w.a.cpu.at) / 1000, 2),
    cpuPercent: cpuBetween(w.a, w.b),
    perDelivery: w.a.db && w.b.db ? perUnit(w.a.db, w.b.db, w.b.count - w.a.count) : undefined,
  };
}

async function main() {
  const started = Date.now();
  const meta = {
    startedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
    commit: gitDescribe(),
    config,
    serverEnv,
    pgSettings: flags["pg-set"],
    analyzeBeforeRelease: flags.analyze,
  };
  log(`${meta.commit} · node ${meta.node} · ${meta.cpus} CPUs · load ${meta.loadAverageAtStart.join(" ")}`);

  reapStaleRuns(log);
  const build = await ensureBuild({ skip: config.skipBuild, retries: 3, retryDelayMs: 180_000, log });

  receiver = await forkReceiver();
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  receiver.configure(secret, 100);

  const adminKey = `hy_${randomBytes(32).toString("base64url")}`;
  const profileDir = path.join(root, "bench", "results", `prof-${stamp}`);
  const env = { ...serverEnv };
  if (flags.profile) {
    mkdirSync(profileDir, { recursive: true });
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(root, "bench", "cpu-profile.cjs")}`.trim();
    env.BENCH_PROFILE_DIR = profileDir;
  }
  log(`starting the server (production, embedded PostgreSQL in ${path.relative(root, dataDir)}) …`);
  const serverStart = Date.now();
  server = await startServer({ dataDir, adminKey, env, log, verbose: flags.verbose });
  const startupMs = Date.now() - serverStart;
  log(`server up at ${server.url} in ${(startupMs / 1000).toFixed(1)} s (launcher pid ${server.pid})`);
  // The file system's own writeback of what was written before (the fresh cluster, the last run's
  // removed data dir) came ~30 s later, in the middle of the steady phase, and stalled every
  // commit's WAL flush for 150–250 ms: flush it now, before anything is measured.
  const syncStart = Date.now();
  execFileSync("sync");
  log(`sync: ${Date.now() - syncStart} ms`);
  if (flags.statements) {
    // pg_stat_statements must be preloaded: set it, restart the whole server on the same data dir.
    const tmp = await DbStats.connect(server.databaseUrl);
    if (!tmp) throw new Error("--statements: cannot connect to the embedded database");
    await tmp.preloadStatements();
    await tmp.close();
    const { leftovers } = await server.stop();
    if (leftovers.length) throw new Error(`--statements: server did not stop (${leftovers.join(", ")})`);
    log("restarting with pg_stat_statements preloaded …");
    server = await startServer({ dataDir, adminKey, env, log, verbose: flags.verbose });
  }
  const knownPids = server.knownPids;
  sampler = new TreeSampler(server.pid, { receiverPid: receiver.pid, onPid: (pid) => knownPids.add(pid) });
  sampler.start(500);
  dbStats = await DbStats.connect(server.databaseUrl);
  if (!dbStats) log("could not connect to the embedded database for statistics; continuing without them");
  // --pg-set name=value: reloadable PostgreSQL settings for experiments (ALTER SYSTEM + reload).
  for (const kv of flags["pg-set"]!) {
    const m = /^([a-z_.]+)=(.+)$/.exec(kv);
    if (!m || !dbStats) throw new Error(`--pg-set wants name=value and a database connection, got ${kv}`);
    await dbStats.setSystem(m[1], m[2]);
    log(`postgres: ${m[1]} = ${m[2]}`);
  }
  const statementsOn = flags.statements && dbStats ? await dbStats.enableStatements() : false;
  if (flags.statements && !statementsOn) log("--statements: pg_stat_statements is not available");
  const statementStats: Record<string, unknown> = {};
  /** --statements: the statements of one phase (reset before, read after), per unit of work. */
  const statements = async (name?: string, units?: number) => {
    if (!statementsOn || !dbStats) return;
    if (!name) return dbStats.resetStatements();
    const st = await dbStats.statements(20);
    statementStats[name] = { units, callsPerUnit: units ? round(st.calls / units, 2) : undefined, ...st };
  };

  // --- Setup through the API --------------------------------------------------------------------
  api = new Api(server.url, adminKey);
  await api.createEventType(EVENT_TYPE);
  const single = await api.createTenant("Bench", `bench-${Date.now()}`);
  const singleEndpoint = await api.createEndpoint(single.id, receiver.url("/hook/single"), secret);
  const fan = await api.createTenant("Bench fan-out", `bench-fan-${Date.now()}`);
  const fanEndpoints: { id: string }[] = [];
  for (let i = 0; i < config.fanout; i++) fanEndpoints.push(await api.createEndpoint(fan.id, receiver.url(`/hook/fan-${i}`), secret));
  const singleTarget: PublishTarget = { baseUrl: server.url, key: adminKey, tenant: single.id, eventType: EVENT_TYPE };
  const fanTarget: PublishTarget = { ...singleTarget, tenant: fan.id };

  // --profile: SIGUSR2 starts/stops the CPU profiler in next-server and the workers (bench/cpu-profile.cjs).
  const profiled: string[] = [];
  const profileToggle = async (name?: string) => {
    if (!flags.profile || !sampler!.nextServerPid) return;
    if (name) profiled.push(name);
    for (const pid of [sampler!.nextServerPid, ...sampler!.workerPids]) {
      try {
        process.kill(pid, "SIGUSR2");
      } catch {
        // gone meanwhile
      }
    }
    await sleep(name ? 50 : 500);
  };
  const results: Record<string, unknown> = { meta: { ...meta, build, serverStartupMs: startupMs } };
  const phaseCpu: Record<string, unknown> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const a = await snap(0);
    const out = await fn();
    phaseCpu[name] = cpuBetween(a, await snap(0));
    return out;
  };
  const verification = { verified: 0, failures: [] as string[], duplicates: 0, anonymous: 0 };
  const account = (r: ReceiverRecords) => {
    verification.verified += r.verified;
    verification.failures.push(...r.verifyFailures);
    verification.duplicates += duplicates(r);
    verification.anonymous += r.anonymous;
  };

  // --- Warm-up: load the routes, JIT, fill the pools ---------------------------------------------
  log("warm-up (3 s) …");
  await receiver.collect();
  const warm = await publishClosedLoop(singleTarget, { concurrency: 8, durationMs: 3000 });
  if (warm.ids.length === 0) throw new Error(`warm-up publishes failed: ${warm.errorSamples.join("; ")}`);
  await receiver.waitForCount(warm.ids.length, 60_000);
  account(await receiver.collect());

  // --- 1. Publish throughput ----------------------------------------------------------------------
  log(`phase 1: publish throughput (${config.concurrency} in flight, ${config.publishSeconds} s) …`);
  await profileToggle("publish");
  await statements();
  const p1 = await timed("publish", () => publishClosedLoop(singleTarget, { concurrency: config.concurrency, durationMs: config.publishSeconds * 1000 }));
  await profileToggle();
  const p1Start = Math.min(...p1.starts);
  const p1End = p1Start + p1.wallMs;
  await sleep(statementsOn ? 100 : 0);
  await statements("publish (per published message, deliveries running alongside)", p1.ids.length);
  const p1Drained = await receiver.waitForCount(p1.ids.length, 180_000);
  const p1Rx = await receiver.collect();
  account(p1Rx);
  const duringPublish = Array.from(p1Rx.times).filter((t) => t <= p1End).length;
  const p1Lat = summarize(p1.latencies);
  const phase1 = {
    published: p1.ids.length,
    errors: p1.errors,
    errorSamples: p1.errorSamples,
    perSecond: round((p1.ids.length / p1.wallMs) * 1000),
    latencyMs: roundAll(p1Lat),
    deliveredDuringPublishPerSecond: round((duringPublish / p1.wallMs) * 1000),
    lastReceiptAfterPublishEndMs: round(Math.max(...p1Rx.times) - p1End),
    drained: p1Drained,
  };
  results.publish = phase1;
  log(`  ${phase1.perSecond} req/s, p50 ${fmtMs(p1Lat.p50)} ms, p99 ${fmtMs(p1Lat.p99)} ms; delivered meanwhile ${phase1.deliveredDuringPublishPerSecond}/s`);

  // --- 2. Deliveries/s sustained ------------------------------------------------------------------
  const backlogPhase = async (
    name: string,
    target: PublishTarget,
    tenantId: string,
    endpointIds: string[],
    messages: number,
    seconds: number,
    profileAs?: string,
  ) => {
    log(`phase 2 (${name}): pausing ${endpointIds.length} endpoint(s), publishing ${fmtInt(messages)} messages (at most ${seconds} s) …`);
    // Paused = rate limited to 1/s: deliveries pile up as pending rows (≈1/s trickles out).
    for (const id of endpointIds) await api!.patchEndpoint(tenantId, id, { rateLimitPerSecond: 1 });
    await receiver!.collect();
    if (profileAs) await statements();
    if (profileAs) await profileToggle(`${profileAs}-publish`);
    const pubCpu = await snap(0);
    const pub = await publishClosedLoop(target, { concurrency: config.concurrency, durationMs: seconds * 1000, maxCount: messages });
    const pubCpuEnd = await snap(0);
    if (profileAs) await profileToggle();
    if (profileAs) await statements(`publish, endpoint paused (per message)`, pub.ids.length);
    const expected = pub.ids.length * endpointIds.length;
    const before = await receiver!.count();
    log(`  published ${fmtInt(pub.ids.length)} in ${(pub.wallMs / 1000).toFixed(1)} s (${Math.round((pub.ids.length / pub.wallMs) * 1000)}/s); releasing ${fmtInt(expected - before)} deliveries`);
    // --analyze: fresh planner statistics before the release (what autovacuum gives a long-running
    // database; a fresh one may plan the claim as a scan of the whole backlog).
    if (flags.analyze && dbStats) await dbStats.analyze();
    const releasedAt = nowMs();
    if (profileAs) await profileToggle(profileAs);
    if (profileAs) await statements();
    const phaseStart = await snap(before);
    for (const id of endpointIds) await api!.patchEndpoint(tenantId, id, { rateLimitPerSecond: null });
    const w = await waitWithWindow(expected, Math.max(120_000, (expected / 100) * 1000), before);
    const phaseEnd = await snap(w.count);
    if (profileAs) await profileToggle();
    if (profileAs) await statements(`drain (per delivery)`, w.count - before);
    const rx = await receiver!.collect();
    account(rx);
    const after = Array.from(rx.times).filter((t) => t >= releasedAt);
    const rate = steadyRate(after, 0.1, 0.9);
    const out = {
      endpoints: endpointIds.length,
      messages: pub.ids.length,
      publishPerSecond: round((pub.ids.length / pub.wallMs) * 1000),
      publishLatencyMs: roundAll(summarize(pub.latencies)),
      publishErrors: pub.errors,
      /** CPU ms per published message while the endpoint was paused (publishing only). */
      publishCpuMsPerMessage: cpuMsPer(pubCpu, pubCpuEnd, pub.ids.length),
      deliveries: expected,
      deliveredBeforeRelease: before,
      received: rx.ids.length,
      complete: w.complete,
      perSecond: round(rate.perSecond),
      overallPerSecond: round(rate.overallPerSecond),
      drainSeconds: round((Math.max(...after) - releasedAt) / 1000, 2),
      firstReceiptAfterReleaseMs: round(Math.min(...after) - releasedAt),
      perSecondTimeline: perSecondBuckets(after, releasedAt),
      window: windowFigures(w),
      /** CPU ms per delivery over the whole drain. */
      drainCpuMsPerDelivery: cpuMsPer(phaseStart, phaseEnd, w.count - before),
      cpuPercentWholeDrain: cpuBetween(phaseStart, phaseEnd),
    };
    log(`  ${out.perSecond} deliveries/s (middle 80 %), drained in ${out.drainSeconds} s${out.complete ? "" : " — INCOMPLETE"}`);
    return out;
  };
  const sustained = await timed("sustained", () => backlogPhase("1 endpoint", singleTarget, single.id, [singleEndpoint.id], config.backlog, config.backlogSeconds, "drain"));
  results.sustained = sustained;
  const fanout =
    config.fanout > 0
      ? await timed("fanout", () =>
          backlogPhase(
            `${config.fanout} endpoints`,
            fanTarget,
            fan.id,
            fanEndpoints.map((e) => e.id),
            Math.ceil(config.backlog / config.fanout),
            config.backlogSeconds / 2,
          ),
        )
      : undefined;
  results.fanout = fanout;

  // --- 3. Steady 200 messages/s -------------------------------------------------------------------
  log(`phase 3: ${config.steadyRate} messages/s open loop for ${config.steadySeconds} s …`);
  await receiver.collect();
  await statements();
  await profileToggle("steady");
  // The load generator's own stalls would be timed as the server's: watch its event loop.
  const benchLoopDelay = monitorEventLoopDelay({ resolution: 5 });
  benchLoopDelay.enable();
  const p3 = await timed("steady", () =>
    sampler!.pausedDuring(() => publishOpenLoop(singleTarget, { rate: config.steadyRate, durationMs: config.steadySeconds * 1000 })),
  );
  benchLoopDelay.disable();
  await profileToggle();
  const p3Drained = await receiver.waitForCount(p3.ids.length, 60_000);
  await sleep(statementsOn ? 100 : 0);
  await statements(`steady ${config.steadyRate} msg/s (per message: publish and its delivery)`, p3.ids.length);
  const p3Rx = await receiver.collect();
  account(p3Rx);
  const receiptOf = new Map<string, number>();
  for (let i = 0; i < p3Rx.ids.length; i++) if (!receiptOf.has(p3Rx.ids[i])) receiptOf.set(p3Rx.ids[i], p3Rx.times[i]);
  const e2e: number[] = [];
  let missing = 0;
  p3.ids.forEach((id, i) => {
    const at = receiptOf.get(id);
    if (at === undefined) missing++;
    else e2e.push(at - p3.starts[i]);
  });
  const p3Lat = summarize(p3.latencies);
  const p3E2e = summarize(e2e);
  const steady = {
    rate: config.steadyRate,
    seconds: config.steadySeconds,
    published: p3.ids.length,
    achievedPerSecond: round((p3.ids.length / p3.wallMs) * 1000),
    errors: p3.errors,
    errorSamples: p3.errorSamples,
    publishLatencyMs: roundAll(p3Lat),
    publishToReceiptMs: roundAll(p3E2e),
    missing,
    drained: p3Drained,
    /** Per second of the phase (by scheduled send time): the slowest publish, ms — whether the
     * slow ones come spread out or in a cluster (a stall). */
    slowestPerSecondMs: slowestPerSecond(p3.starts, p3.latencies),
    /** The bench's own event-loop delay meanwhile (ms): what its timing of the publishes may add. */
    benchLoopDelayMs: { p99: round(benchLoopDelay.percentile(99) / 1e6), max: round(benchLoopDelay.max / 1e6) },
  };
  results.steady = steady;
  log(`  publish p50 ${fmtMs(p3Lat.p50)} / p99 ${fmtMs(p3Lat.p99)} ms; publish→receipt p50 ${fmtMs(p3E2e.p50)} / p99 ${fmtMs(p3E2e.p99)} ms`);
  log(`  slowest publish of each second: ${steady.slowestPerSecondMs.map((ms) => fmtMs(ms)).join(" · ")} ms`);

  // --- 4. Ceiling ---------------------------------------------------------------------------------
  log(`phase 4: ceiling — signed POSTs straight at the receiver (${config.ceilingConnections} connections, ${config.ceilingSeconds} s) …`);
  await receiver.collect();
  const ceil = await timed("ceiling", () =>
    ceilingLoop({ url: receiver!.url("/hook/ceiling"), secret, connections: config.ceilingConnections, durationMs: config.ceilingSeconds * 1000 }),
  );
  const ceilRx = await receiver.collect();
  verification.verified += ceilRx.verified;
  verification.failures.push(...ceilRx.verifyFailures);
  const ceiling = {
    perSecond: round(ceil.perSecond),
    requests: ceil.requests,
    errors: ceil.errors,
    errorSamples: ceil.errorSamples,
    latencyMs: roundAll(summarize(ceil.latencies)),
    connections: config.ceilingConnections,
    seconds: config.ceilingSeconds,
  };
  results.ceiling = ceiling;
  log(`  ${fmtInt(ceiling.perSecond)} requests/s`);

  // --- 5. Fairness --------------------------------------------------------------------------------
  const fairness =
    config.fairSeconds > 0
      ? await timed("fairness", async () => {
          log(`phase 5: fairness (${config.fairSeconds} s) …`);
          const out = await fairnessPhase({
            api: api!,
            receiver: receiver!,
            dbStats,
            target: { baseUrl: server!.url, key: adminKey, eventType: EVENT_TYPE },
            secret,
            config: { seconds: config.fairSeconds, noisyTenants: 2, noisyEndpoints: 50, noisyRate: 5, healthyTenants: 3, healthyRate: 60 },
            log,
          });
          log(`  healthy publish→receipt p50 ${fmtMs(out.publishToReceiptMs.p50)} / p99 ${fmtMs(out.publishToReceiptMs.p99)} ms; failed attempts ${out.healthyFailedAttempts}`);
          return out;
        })
      : undefined;
  results.fairness = fairness;

  // --- 6. Memory -----------------------------------------------------------------------------------
  sampler.sample();
  const peak = sampler.peak;
  results.memory = {
    nextServerPeakRssKb: peak.nextHwmKb,
    workersPeakRssSumKb: peak.rssKb.worker,
    postgresPeakPssKb: peak.pssKb.postgres,
    postgresPeakRssSumKb: peak.rssKb.postgres,
    launcherPeakRssKb: peak.rssKb.launcher,
    totalPeakPssKb: peak.totalPssKb,
    totalPeakRssSumKb: peak.totalRssKb,
    maxProcesses: peak.maxProcs,
    samples: peak.samples,
  };
  results.cpuPercentByPhase = phaseCpu;
  if (statementsOn) results.statements = statementStats;
  results.verification = verification;

  const ratio = sustained.perSecond / ceiling.perSecond;
  const fanRatio = fanout ? fanout.perSecond / ceiling.perSecond : Number.NaN;
  results.targets = {
    deliveriesPerSecond: { target: TARGETS.deliveriesPerSecond, value: sustained.perSecond, pass: sustained.perSecond >= TARGETS.deliveriesPerSecond },
    ceilingRatio: { target: TARGETS.ceilingRatio, value: round(ratio, 4), pass: ratio >= TARGETS.ceilingRatio },
    publishP99Ms: { target: TARGETS.publishP99Ms, value: steady.publishLatencyMs.p99, pass: p3Lat.p99 < TARGETS.publishP99Ms },
    receiptP50Ms: { target: TARGETS.receiptP50Ms, value: steady.publishToReceiptMs.p50, pass: p3E2e.p50 < TARGETS.receiptP50Ms },
    ...(fairness
      ? {
          fairReceiptP99Ms: {
            target: TARGETS.fairReceiptP99Ms,
            value: round(fairness.publishToReceiptMs.p99, 1),
            pass: fairness.publishToReceiptMs.p99 < TARGETS.fairReceiptP99Ms && fairness.healthyFailedAttempts === 0 && fairness.healthyMissing === 0,
          },
        }
      : {}),
  };

  // --- Table ---------------------------------------------------------------------------------------
  const win = sustained.window;
  const cpuLine = (c: Record<string, number> | undefined) =>
    c ? `next ${c.next}% · worker ${c.worker}% · postgres ${c.postgres}% · receiver ${c.receiver}% · bench ${c.bench}% · other ${c.other}%` : "n/a";
  const sections: Section[] = [
    {
      title: `Publish (${config.concurrency} in flight, closed loop, ${config.publishSeconds} s)`,
      rows: [
        { label: "publish throughput", value: `${fmtInt(phase1.perSecond)} req/s` },
        { label: "publish latency p50 / p99", value: `${fmtMs(p1Lat.p50)} / ${fmtMs(p1Lat.p99)} ms` },
        { label: "delivered meanwhile", value: `${fmtInt(phase1.deliveredDuringPublishPerSecond)} /s` },
        { label: "publish throughput, endpoint paused (phase 2)", value: `${fmtInt(sustained.publishPerSecond)} req/s` },
        { label: "  latency p50 / p99", value: `${fmtMs(sustained.publishLatencyMs.p50)} / ${fmtMs(sustained.publishLatencyMs.p99)} ms` },
      ],
    },
    {
      title: `Deliveries sustained (backlog released at once; rate over the middle 80 %)`,
      rows: [
        { label: `1 endpoint, ${fmtInt(sustained.deliveries)} deliveries`, value: `${fmtInt(sustained.perSecond)} /s`, target: `≥ ${fmtInt(TARGETS.deliveriesPerSecond)} /s`, pass: sustained.perSecond >= TARGETS.deliveriesPerSecond },
        { label: "  drain time", value: `${sustained.drainSeconds.toFixed(1)} s` },
        ...(fanout
          ? [
              { label: `${fanout.endpoints} endpoints (fan-out), ${fmtInt(fanout.deliveries)} deliveries`, value: `${fmtInt(fanout.perSecond)} /s`, target: `≥ ${fmtInt(TARGETS.deliveriesPerSecond)} /s`, pass: fanout.perSecond >= TARGETS.deliveriesPerSecond },
              { label: "  drain time", value: `${fanout.drainSeconds.toFixed(1)} s` },
            ]
          : []),
      ],
    },
    {
      title: `Steady ${config.steadyRate} messages/s (open loop, ${config.steadySeconds} s)`,
      rows: [
        { label: "publish latency p50", value: `${fmtMs(p3Lat.p50)} ms` },
        { label: "publish latency p99", value: `${fmtMs(p3Lat.p99)} ms`, target: `< ${TARGETS.publishP99Ms} ms`, pass: p3Lat.p99 < TARGETS.publishP99Ms },
        { label: "publish→receipt p50", value: `${fmtMs(p3E2e.p50)} ms`, target: `< ${TARGETS.receiptP50Ms} ms`, pass: p3E2e.p50 < TARGETS.receiptP50Ms },
        { label: "publish→receipt p99", value: `${fmtMs(p3E2e.p99)} ms` },
        { label: "  the bench's own event-loop delay p99 / max", value: `${fmtMs(steady.benchLoopDelayMs.p99)} / ${fmtMs(steady.benchLoopDelayMs.max)} ms` },
      ],
    },
    {
      title: `Ceiling (signed POST loop, undici pool, ${config.ceilingConnections} connections, ${config.ceilingSeconds} s)`,
      rows: [
        { label: "plain signed POSTs", value: `${fmtInt(ceiling.perSecond)} /s` },
        { label: "deliveries/s ÷ ceiling (1 endpoint)", value: `${(ratio * 100).toFixed(1)} %`, target: `≥ ${TARGETS.ceilingRatio * 100} %`, pass: ratio >= TARGETS.ceilingRatio },
        ...(fanout ? [{ label: `deliveries/s ÷ ceiling (${fanout.endpoints} endpoints)`, value: `${(fanRatio * 100).toFixed(1)} %`, target: `≥ ${TARGETS.ceilingRatio * 100} %`, pass: fanRatio >= TARGETS.ceilingRatio }] : []),
      ],
    },
    ...(fairness
      ? [
          {
            title: `Fairness (${fairness.config.noisyEndpoints} never-answering endpoints of ${fairness.config.noisyTenants} tenants, half on the healthy host; ${fairness.config.seconds} s)`,
            rows: [
              {
                label: `healthy publish→receipt p50 / p99 (${fairness.config.healthyTenants} tenants, ${fairness.config.healthyRate} msg/s)`,
                value: `${fmtMs(fairness.publishToReceiptMs.p50)} / ${fmtMs(fairness.publishToReceiptMs.p99)} ms`,
                target: `p99 < ${TARGETS.fairReceiptP99Ms} ms`,
                pass: fairness.publishToReceiptMs.p99 < TARGETS.fairReceiptP99Ms,
              },
              { label: "healthy attempts failed (false timeouts)", value: fmtInt(fairness.healthyFailedAttempts), target: "0", pass: fairness.healthyFailedAttempts === 0 },
              { label: "healthy messages not received", value: fmtInt(fairness.healthyMissing), target: "0", pass: fairness.healthyMissing === 0 },
              { label: "requests held by never-answering endpoints (same host / other)", value: `${fairness.noisyRequests.sameHost} / ${fairness.noisyRequests.otherHost}` },
            ],
          },
        ]
      : []),
    {
      title: "Memory (peak over the run)",
      rows: [
        { label: "next-server (VmHWM)", value: fmtMb(peak.nextHwmKb) },
        { label: `workers (Σ RSS, ${peak.maxProcs.worker})`, value: fmtMb(peak.rssKb.worker) },
        { label: `postgres (Σ PSS, ${peak.maxProcs.postgres} procs)`, value: fmtMb(peak.pssKb.postgres) },
        { label: "postgres (Σ RSS, counts shared buffers n×)", value: fmtMb(peak.rssKb.postgres) },
        { label: "whole tree (Σ PSS, incl. launcher)", value: fmtMb(peak.totalPssKb) },
      ],
    },
  ];
  const notes = [
    `CPU during the 1-endpoint drain (% of one core, ${os.cpus().length} cores): ${cpuLine(win?.cpuPercent)}`,
    ...(fanout?.window ? [`CPU during the fan-out drain:                       ${cpuLine(fanout.window.cpuPercent)}`] : []),
    `CPU ms per published message (endpoint paused): next ${sustained.publishCpuMsPerMessage.next} · postgres ${sustained.publishCpuMsPerMessage.postgres}` +
      ` · per delivery (1-endpoint drain): worker ${sustained.drainCpuMsPerDelivery.worker} · next ${sustained.drainCpuMsPerDelivery.next} · postgres ${sustained.drainCpuMsPerDelivery.postgres}`,
    ...(win?.perDelivery
      ? [
          `Per delivery (1-endpoint drain window): ${win.perDelivery.transactions} transactions · Delivery row updates ${win.perDelivery.deliveryRowUpdates} · rows fetched ${win.perDelivery.rowsFetched} · WAL ${fmtInt(win.perDelivery.walBytes)} B`,
        ]
      : []),
    `Signatures verified at the receiver: ${verification.verified} sampled, ${verification.failures.length} failed · duplicate receipts: ${verification.duplicates}` +
      ` · publish errors: ${phase1.errors + sustained.publishErrors + (fanout?.publishErrors ?? 0) + steady.errors}`,
  ];
  const title = `Hookyard bench — ${meta.startedAt} · ${meta.commit} · node ${meta.node} · ${meta.cpus} CPUs · load at start ${meta.loadAverageAtStart.join(" ")}`;
  const table = renderTable(title, sections, notes);
  results.table = table;
  results.totalSeconds = round((Date.now() - started) / 1000);

  const problems = await cleanup();
  results.cleanupProblems = problems;
  if (flags.profile) {
    // next-<n>.cpuprofile were written in the order the phases were profiled.
    results.profiles = profiled.map((name, i) => {
      const from = path.join(profileDir, `next-${i + 1}.cpuprofile`);
      const to = path.join(profileDir, `${name}.cpuprofile`);
      try {
        renameSync(from, to);
        return path.relative(root, to);
      } catch {
        return `${name}: not written`;
      }
    });
  }
  const outDir = path.join(root, "bench", "results");
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `${stamp}.json`);
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${table}\n\nresults: ${path.relative(root, outFile)}${flags.profile ? ` · CPU profiles: ${path.relative(root, profileDir)}` : ""} · ${results.totalSeconds} s\n`);
  if (verification.failures.length) log(`signature failures: ${verification.failures.slice(0, 3).join(" | ")}`);
}

function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? round(v, 2) : v])) as T;
}

function gitDescribe(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim() ? "+dirty" : "";
    return `${sha}${dirty}`;
  } catch {
    return "unknown";
  }
}

main().then(
  () => process.exit(0),
  async (err) => {
    // Interrupted: the signal handler is already cleaning up and exits when done.
    if (interrupted()) return;
    log(`failed: ${(err as Error).stack ?? err}`);
    if (server) log(`server output (tail):\n${server.output.join("").slice(-3000)}`);
    await cleanup();
    process.exit(1);
  },
);
