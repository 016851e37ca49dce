// Next.js calls register() once when a server process starts: that is where the local
// executor's delivery workers start (HOOKYARD_EXECUTOR=local, the default).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  if (env().HOOKYARD_EXECUTOR !== "local") return;
  const { startLocalExecutor } = await import("./lib/executors/local");
  await startLocalExecutor((line) => console.error(`[hookyard] ${line}`));
}
