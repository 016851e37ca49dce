// Runs the real Hookyard server (`npm start`: the launcher + `next start`) as a child process
// on a free port, against the test file's database.
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
  // `next start` directly under the launcher's environment: DATABASE_URL is the test database.
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "--port", String(p), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOOKYARD_EXECUTOR: "local",
      HOOKYARD_ALLOW_HTTP: "true",
      HOOKYARD_ALLOW_PRIVATE_URLS: "true",
      NEXTAUTH_SECRET: "e2e-secret",
      ...env,
    },
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
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output.join("")}`);
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
