// The local executor (HOOKYARD_EXECUTOR=local): delivery workers backed by PostgreSQL. They run in
// worker processes (`npm run worker`, supervised by `npm start` / `npm run dev`), or inside the web
// server in single-process mode (HOOKYARD_WORKERS=0).
import { env } from "../../env";
import { LocalExecutor } from "./executor";
import { heldLeaseStats } from "../../delivery/held-leases";
import { recordsWaiting } from "../../delivery/record";
import { logLines } from "../../observability/log";
import { reportLiveGauges } from "../../observability/metrics";

export { LocalExecutor, type LocalExecutorOptions } from "./executor";

const globalForExecutor = globalThis as unknown as { hookyardLocalExecutor?: LocalExecutor };

/** Starts this process's worker once (Next may evaluate instrumentation more than once in dev). */
export async function startLocalExecutor(log: (line: string) => void = logLines(undefined, "warn")): Promise<LocalExecutor> {
  if (globalForExecutor.hookyardLocalExecutor) return globalForExecutor.hookyardLocalExecutor;
  const e = env();
  const executor = new LocalExecutor({
    concurrency: e.HOOKYARD_WORKER_CONCURRENCY,
    perTenantConcurrency: e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT,
    perEndpointConcurrency: e.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT,
    shutdownGraceMs: e.HOOKYARD_SHUTDOWN_GRACE,
    log,
  });
  globalForExecutor.hookyardLocalExecutor = executor;
  reportLiveGauges({ inFlight: () => executor.inFlight, recordsWaiting, leasesHeld: () => heldLeaseStats().held });
  await executor.start();
  return executor;
}
