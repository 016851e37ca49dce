// A real delivery worker process (`npm run worker`, lib/runtime/worker.ts) against a test's
// database, to SIGKILL, SIGTERM or freeze.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves once the process has exited (with its code, or null when killed by a signal). */
  exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
}

export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "worker.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOOKYARD_EXECUTOR: "local",
      HOOKYARD_ALLOW_PRIVATE_URLS: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.join("").includes("delivering")) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output.join("")}`);
    if (Date.now() > deadline) throw new Error(`worker did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output, exited, signal: (s) => child.kill(s) };
}
