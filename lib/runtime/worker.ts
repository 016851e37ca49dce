// A delivery worker process (`npm run worker`, or started by the supervisor): the local executor
// without the web server, plus an optional health port.
//
// Unsupervised, it prepares the database itself (DATABASE_URL, or the embedded cluster in
// HOOKYARD_DATA_DIR: running already, or started for it) and applies pending migrations — a worker
// on another machine joins by pointing DATABASE_URL at the same PostgreSQL. On SIGTERM / SIGINT it
// claims nothing new, gives requests in flight HOOKYARD_SHUTDOWN_GRACE, records every attempt,
// and exits with nothing left leased; the same when its parent goes (npm stopped). If its
// supervisor is killed outright it stops at once.
import { disconnectDb } from "../db/client";
import type { RunningDatabase } from "../db/embedded";
import { prepareDatabase } from "../db/prepare";
import { env } from "../env";
import { flushTraces, startTracing } from "../observability/tracing";
import { startLocalExecutor, type LocalExecutor } from "../executors/local";
import { wireDeliveryEvents } from "./delivery-events";
import { startHealthServer } from "./health-server";
import { isSupervised, watchParent, watchSupervisor } from "./watch";

/** When the supervisor vanished (killed outright) nothing waits for us, and its keeper is already
 * stopping PostgreSQL: requests in flight get this long, then their records this long. What
 * cannot be recorded keeps its write-ahead mark and is recorded as interrupted by the next run. */
const ORPHANED_GRACE_MS = 1_000;
const ORPHANED_RECORD_WAIT_MS = 1_000;

export async function runWorker(log: (line: string) => void): Promise<void> {
  const say = log; // each line names its process and worker number (lib/observability/log.ts)
  let database: RunningDatabase | undefined;
  if (!isSupervised()) database = await prepareDatabase(say);
  const e = env();
  if (e.HOOKYARD_EXECUTOR !== "local") {
    throw new Error(`HOOKYARD_EXECUTOR is "${e.HOOKYARD_EXECUTOR}": workers run the local executor; with inngest, Inngest runs the deliveries`);
  }
  await startTracing({ serviceName: "hookyard-worker" });
  wireDeliveryEvents();
  const port = e.HOOKYARD_WORKER_PORT ? e.HOOKYARD_WORKER_PORT + Number(process.env.HOOKYARD_WORKER_INDEX ?? 0) : undefined;
  // The port first: a worker that cannot have it fails before it claims anything.
  let delivering: LocalExecutor | undefined;
  const health = port ? await startHealthServer(port, () => delivering, e.HOOKYARD_WORKER_HOST) : undefined;
  const executor = await startLocalExecutor();
  delivering = executor;
  // The executor's timers are unref'd, and while the database is away its connections are gone:
  // nothing of theirs keeps the process alive. This does, until stop() exits.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  say(`delivering (up to ${e.HOOKYARD_WORKER_CONCURRENCY} requests in flight${port ? `; health and metrics on ${e.HOOKYARD_WORKER_HOST}:${port}` : ""})`);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs: number, why: string, { recordWaitMs }: { recordWaitMs?: number } = {}) =>
    (stopping ??= (async () => {
      say(`${why}: stopping`);
      // A stopping worker is not one to report on, and its port is free for its successor.
      await health?.close();
      await executor.stop(graceMs, { recordWaitMs });
      await flushTraces();
      await disconnectDb().catch(() => {});
      await database?.stop();
      say("stopped");
      clearInterval(keepAlive);
      process.exit(0);
    })());
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(e.HOOKYARD_SHUTDOWN_GRACE, signal));
  if (isSupervised()) watchSupervisor(() => void stop(ORPHANED_GRACE_MS, "the supervisor is gone", { recordWaitMs: ORPHANED_RECORD_WAIT_MS }));
  // `npm run worker` runs us under `sh -c`; a SIGTERM to npm kills that shell without passing
  // the signal on, so our parent vanishing is how we learn we were asked to stop.
  else watchParent(() => void stop(e.HOOKYARD_SHUTDOWN_GRACE, "the parent process is gone"));
}
