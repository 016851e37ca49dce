// Start-up of the web server process (Next.js calls it through instrumentation.ts, in the Node.js
// runtime only). The web server does no delivery — workers do (lib/runtime/worker.ts) — except in
// single-process mode (HOOKYARD_WORKERS=0), where it runs the local executor itself.
import { env } from "../env";
import { flushTraces, startTracing } from "../observability/tracing";
import { wireDeliveryEvents } from "./delivery-events";
import { watchSupervisor } from "./watch";

export async function startWebProcess(): Promise<void> {
  const e = env();
  await startTracing({ serviceName: "hookyard-web" });
  // Whatever the mode: the Inngest route runs the engine here too.
  wireDeliveryEvents();
  const singleProcess = e.HOOKYARD_EXECUTOR === "local" && e.HOOKYARD_WORKERS === 0 && !e.HOOKYARD_EXTERNAL_WORKERS;
  if (!singleProcess) {
    watchSupervisor(() => process.exit(1));
    return;
  }
  const { startLocalExecutor } = await import("../executors/local");
  const executor = await startLocalExecutor();
  let stopping = false;
  const stop = async (graceMs: number, recordWaitMs?: number) => {
    if (stopping) return;
    stopping = true;
    await executor.stop(graceMs, { recordWaitMs });
    await flushTraces();
    process.exit(0);
  };
  // The supervisor sets NEXT_MANUAL_SIG_HANDLE in this mode, so the signal is ours: requests in
  // flight get their grace and are recorded before the process exits.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stop(e.HOOKYARD_SHUTDOWN_GRACE));
  // Killed outright, the supervisor's keeper is stopping PostgreSQL too: what cannot be recorded
  // within a second keeps its write-ahead mark (recorded as interrupted by the next run).
  watchSupervisor(() => void stop(1_000, 1_000));
}
