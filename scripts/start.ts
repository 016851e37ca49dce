// `npm run dev | build | start`. build: `next build` (no database needed: every page renders at
// request time). dev / start: prepare the database (the embedded PostgreSQL in HOOKYARD_DATA_DIR
// unless DATABASE_URL is set, then pending migrations), ensure the bootstrap admin key, and hand
// over to the supervisor (lib/runtime/supervisor.ts): web server + HOOKYARD_WORKERS workers.
import { spawn } from "node:child_process";
import path from "node:path";
// First, so it knows the parent we were started by even if that exits while we start up.
import "../lib/runtime/watch";
import "../lib/observability/console-to-json.mjs";
import { logLines, logger } from "../lib/observability/log";
import { setProcessRole } from "../lib/observability/process-role";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "build" && mode !== "start") {
  console.error("usage: node --import tsx scripts/start.ts dev|build|start");
  process.exit(2);
}
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (mode !== "dev") (process.env as Record<string, string>).NODE_ENV ??= "production";
const root = path.resolve(import.meta.dirname, "..");
setProcessRole("supervisor");
const log = logLines();

async function main(): Promise<number> {
  if (mode === "build") {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit" });
    return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  }
  // Configuration errors surface here, once, before anything starts.
  const { env } = await import("../lib/env");
  const settings = env();
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { bootstrapFromEnv } = await import("../lib/bootstrap");
  const { supervise } = await import("../lib/runtime/supervisor");
  const database = await prepareDatabase(log);
  try {
    await bootstrapFromEnv();
  } catch (err) {
    logger().error(`bootstrap failed: ${(err as Error).message}`);
    await database.stop();
    return 1;
  }
  const nextArgs: string[] = [];
  if (process.env.PORT) nextArgs.push("--port", process.env.PORT);
  if (process.env.HOSTNAME_BIND) nextArgs.push("--hostname", process.env.HOSTNAME_BIND);
  // Workers started here, unless they run elsewhere (HOOKYARD_EXTERNAL_WORKERS, e.g. containers).
  const local = settings.HOOKYARD_EXECUTOR === "local" && !settings.HOOKYARD_EXTERNAL_WORKERS;
  const workers = local ? settings.HOOKYARD_WORKERS : 0;
  log(`starting the web server${workers ? ` and ${workers} worker(s)` : local ? " (delivering itself)" : ""} in ${mode} mode`);
  return supervise({
    mode: mode as "dev" | "start",
    root,
    workers,
    webDelivers: local && settings.HOOKYARD_WORKERS === 0,
    shutdownGraceMs: settings.HOOKYARD_SHUTDOWN_GRACE,
    database,
    log,
    nextArgs,
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    logger().fatal((err as Error).message);
    process.exit(1);
  },
);
