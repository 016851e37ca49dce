// Server start-up in the Node.js runtime (loaded by instrumentation.ts only there, so the Edge
// build never sees the process APIs below): start the local executor's delivery workers
// (HOOKYARD_EXECUTOR=local, the default).
import { env } from "../env";

export async function startServerWork(): Promise<void> {
  if (env().HOOKYARD_EXECUTOR !== "local") return;
  const { startLocalExecutor } = await import("./local");
  const executor = await startLocalExecutor((line) => console.error(`[hookyard] ${line}`));
  // On shutdown stop claiming work and drop the LISTEN connection before the database goes away
  // (the launcher stops the embedded PostgreSQL right after Next exits). Attempts cut short are
  // sent again when their lease expires: delivery is at-least-once.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void executor.stop();
      // Listening to a signal cancels Node's default exit; if Next does not handle it, re-raise.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
