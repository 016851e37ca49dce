// Builds and runs the real Hookyard server for the bench: `scripts/start.ts start` (the launcher:
// embedded PostgreSQL in a fresh data dir, migrations, then the web server and a worker) in its
// own process group, so the whole tree — launcher, next-server, postmaster and backends — can be stopped and
// checked for leftovers, also when the bench fails or is interrupted.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { allProcs, isAlive } from "./procs";

export const root = path.resolve(import.meta.dirname, "..");

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[], log: (line: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    let output = "";
    const onData = (d: Buffer) => {
      output += String(d);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      if (code !== 0) log(output.split("\n").slice(-40).join("\n"));
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * `npm run build` unless skipping was asked for and a build exists. Someone may be mid-edit on
 * pages the bench never touches: a failed build is retried a few times, a few minutes apart.
 */
export async function ensureBuild(opts: { skip: boolean; retries: number; retryDelayMs: number; log: (line: string) => void }): Promise<"skipped" | "built"> {
  // next.config.js builds into HOOKYARD_NEXT_DIST_DIR when set (a bench beside other builds).
  const distDir = process.env.HOOKYARD_NEXT_DIST_DIR || ".next";
  const buildId = path.join(root, distDir, "BUILD_ID");
  if (opts.skip && existsSync(buildId)) return "skipped";
  if (opts.skip) opts.log(`no ${distDir}/BUILD_ID: building anyway`);
  for (let attempt = 1; ; attempt++) {
    opts.log(`building (npm run build)${attempt > 1 ? `, attempt ${attempt}` : ""} …`);
    const started = Date.now();
    const { code } = await run("npm", ["run", "build"], opts.log);
    if (code === 0) {
      opts.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return "built";
    }
    if (attempt > opts.retries) throw new Error("npm run build failed (output above)");
    opts.log(`build failed; retrying in ${Math.round(opts.retryDelayMs / 1000)} s (another change may be in progress)`);
    await sleep(opts.retryDelayMs);
  }
}

export interface ServerOptions {
  dataDir: string;
  adminKey: string;
  env?: Record<string, string>;
  log: (line: string) => void;
  /** Echo the server's output as it comes. */
  verbose?: boolean;
  /** How long start-up (migrations included) may take; default 120 s. */
  readyTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The launcher; leader of the server's process group. */
  pid: number;
  /** postgresql:// URL of the embedded database (for statistics). */
  databaseUrl: string;
  output: string[];
  /** Every pid ever seen in the tree (filled by the caller's sampler). */
  knownPids: Set<number>;
  stop(): Promise<{ leftovers: number[] }>;
  /** Synchronous last resort (process exit): SIGKILL the whole group. */
  killNow(): void;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME_BIND: "127.0.0.1",
    HOOKYARD_DATA_DIR: opts.dataDir,
    HOOKYARD_EXECUTOR: "local",
    HOOKYARD_ALLOW_HTTP: "true",
    HOOKYARD_ALLOW_PRIVATE_URLS: "true",
    HOOKYARD_BOOTSTRAP_ADMIN_KEY: opts.adminKey,
    ...opts.env,
  };
  // Always the embedded database in our own data dir, never whatever the shell points at.
  delete env.DATABASE_URL;
  mkdirSync(opts.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/start.ts"), "start"],
    { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const pid = child.pid!;
  const output: string[] = [];
  let pgPort = 0;
  const onData = (d: Buffer) => {
    const text = String(d);
    output.push(text);
    if (output.length > 2000) output.splice(0, 1000);
    const m = /Embedded PostgreSQL listening on 127\.0\.0\.1:(\d+)/.exec(text);
    if (m) pgPort = Number(m[1]);
    if (opts.verbose) process.stderr.write(text.replace(/^/gm, "  [server] "));
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const knownPids = new Set<number>([pid]);

  const groupMembers = () => allProcs().filter((p) => p.pgrp === pid || knownPids.has(p.pid)).map((p) => p.pid);
  let stoppedCleanly = false;
  const killNow = () => {
    // Once stopped, these pids may belong to someone else by now.
    if (stoppedCleanly) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // group already gone
    }
    for (const p of knownPids) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // gone
      }
    }
  };
  let stopped: Promise<{ leftovers: number[] }> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const p of groupMembers()) knownPids.add(p);
      // Graceful first: the launcher forwards SIGTERM to next, then stops its postgres.
      if (!exited) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // gone
        }
        await Promise.race([exitPromise, sleep(20_000)]);
      }
      // Then make sure: anything of ours still alive (an orphaned postgres, a stuck next) dies.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const alive = [...new Set([...groupMembers(), ...[...knownPids].filter(isAlive)])].filter(isAlive);
        if (alive.length === 0) {
          stoppedCleanly = true;
          return { leftovers: [] };
        }
        if (Date.now() > deadline) return { leftovers: alive };
        killNow();
        await sleep(200);
      }
    })());

  const url = `http://127.0.0.1:${port}`;
  try {
    // For a later run to clean up after us if this process is killed outright (SIGKILL).
    writeFileSync(path.join(opts.dataDir, "bench-server.json"), JSON.stringify({ launcherPid: pid, startedAt: new Date().toISOString() }));
    const readyTimeoutMs = opts.readyTimeoutMs ?? 120_000;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (exited) throw new Error(`server exited early:\n${output.join("").slice(-4000)}`);
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not become healthy in ${readyTimeoutMs / 1000} s:\n${output.join("").slice(-4000)}`);
      await sleep(200);
    }
    const { postgresPassword } = JSON.parse(readFileSync(path.join(opts.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
    const databaseUrl = pgPort ? `postgresql://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${pgPort}/hookyard` : "";
    return { url, port, pid, databaseUrl, output, knownPids, stop, killNow };
  } catch (err) {
    // Whatever went wrong, the process tree we just started goes with it.
    await stop();
    throw err;
  }
}

/**
 * Leftovers of earlier bench runs that were killed outright: their data dirs (.data/bench-*), and
 * the server process group recorded in bench-server.json if it is still alive (stopped here).
 */
export function reapStaleRuns(log: (line: string) => void): void {
  const dataRoot = path.join(root, ".data");
  if (!existsSync(dataRoot)) return;
  for (const name of readdirSync(dataRoot)) {
    if (!name.startsWith("bench-")) continue;
    const dir = path.join(dataRoot, name);
    const marker = path.join(dir, "bench-server.json");
    if (!existsSync(marker)) continue; // not a run of ours (or --keep-data of a finished one)
    try {
      const { launcherPid } = JSON.parse(readFileSync(marker, "utf8")) as { launcherPid: number };
      // Only a group that still looks like ours (a pid can be reused by then).
      const group = allProcs().filter((p) => p.pgrp === launcherPid);
      const ours = group.length > 0 && group.every((p) => /^(node|postgres|next-server)/.test(p.comm));
      if (group.length && !ours) log(`${name}: process group ${launcherPid} is not ours any more; leaving it alone`);
      if (ours) {
        log(`stopping ${group.length} leftover process(es) of an interrupted run (${name})`);
        try {
          process.kill(-launcherPid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
      removeDataDir(dir);
    } catch (err) {
      log(`could not clean up ${name}: ${(err as Error).message}`);
    }
  }
}

/** Removes a bench data dir (only one of ours: under .data/, named bench-*). */
export function removeDataDir(dir: string): void {
  const rel = path.relative(path.join(root, ".data"), dir);
  if (!rel.startsWith("bench-") || rel.includes(path.sep)) throw new Error(`refusing to remove ${dir}`);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * On Ctrl-C (or SIGTERM, SIGHUP): `cleanup` once, then exit 130. `on`, not `once`: Ctrl-C reaches
 * us twice (from the terminal and relayed by tsx), and a second default-handled SIGINT would kill
 * us mid-cleanup. If we exit any other way, nothing of the server (`current()`) may outlive us.
 * Returns whether a signal came (its handler is then cleaning up and exits when done).
 */
export function cleanUpOnSignals(log: (line: string) => void, cleanup: () => Promise<unknown>, current: () => RunningServer | undefined): () => boolean {
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on("exit", () => current()?.killNow());
  return () => interrupted;
}
