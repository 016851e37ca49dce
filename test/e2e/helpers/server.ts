// Runs the real Hookyard web server (scripts/web-server.mjs, as the supervisor runs it) as a child process
// on a free port, against the test file's database — by default in single-process mode
// (HOOKYARD_WORKERS=0: it delivers too, as it does under `npm start` with no workers), so a
// browser test sees its deliveries without worker processes. The whole `npm start` tree is
// hookyard.ts.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait; `kill -9` when `hard`. */
  stop(hard?: boolean): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(env: Record<string, string> = {}, port?: number): Promise<RunningServer> {
  const p = port ?? (await freePort());
  const output: string[] = [];
  const settings: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOOKYARD_EXECUTOR: "local",
    HOOKYARD_WORKERS: "0",
    HOOKYARD_ALLOW_HTTP: "true",
    HOOKYARD_ALLOW_PRIVATE_URLS: "true",
    NEXTAUTH_SECRET: "e2e-secret",
    ...env,
  };
  // As the supervisor does in single-process mode: SIGTERM is ours (lib/runtime/web.ts), so
  // requests in flight get their grace.
  if (settings.HOOKYARD_EXECUTOR === "local" && settings.HOOKYARD_WORKERS === "0") settings.NEXT_MANUAL_SIG_HANDLE = "1";
  // The web server directly under the launcher's environment: DATABASE_URL is the test database.
  const child = spawn(process.execPath, [path.join(root, "scripts/web-server.mjs"), "--port", String(p), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ...settings },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Nothing we start may outlive the test: a server that never got healthy (a bad setting
      // makes next-server print the error and stay up) is stopped before we give up on it.
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port: p,
    child,
    output,
    stop: (hard = false) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(hard ? "SIGKILL" : "SIGTERM");
      }),
  };
}
