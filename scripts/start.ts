// `npm run dev | build | start`: the launcher. It prepares the database (the embedded
// PostgreSQL in HOOKYARD_DATA_DIR unless DATABASE_URL is set, then pending migrations), ensures
// the bootstrap admin key, runs Next.js with the connection in its environment, and stops the
// embedded database when Next exits or we are interrupted.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "build" && mode !== "start") {
  console.error("usage: tsx scripts/start.ts dev|build|start");
  process.exit(2);
}
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (mode !== "dev") (process.env as Record<string, string>).NODE_ENV ??= "production";

const require = createRequire(import.meta.url);
const nextBin = path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next");

async function main() {
  if (mode === "build") {
    // Building needs no database: every page and route renders at request time.
    const code = await runNext(["build"]);
    process.exit(code);
  }
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { bootstrapFromEnv } = await import("../lib/bootstrap");
  const database = await prepareDatabase((line) => console.log(`[hookyard] ${line}`));
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await database.stop().catch((err) => console.error(err));
    process.exit(code);
  };
  try {
    await bootstrapFromEnv();
  } catch (err) {
    console.error(err);
    await stop(1);
  }
  const args = mode === "dev" ? ["dev"] : ["start"];
  if (process.env.PORT) args.push("--port", process.env.PORT);
  if (process.env.HOSTNAME_BIND) args.push("--hostname", process.env.HOSTNAME_BIND);
  const code = await runNext(args, (child) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => child.kill(signal));
    }
  });
  await stop(code);
}

function runNext(args: string[], onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env: process.env });
    onSpawn?.(child);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
