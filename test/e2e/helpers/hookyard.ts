// Hookyard as an operator runs it — `npm start` (supervisor, web server, workers, embedded
// PostgreSQL) or `npm run worker` — as a child process of the test, with a marker in its
// environment so the test can find every process it started (processes.ts), signal them as an
// operator would, and kill whatever is left when the test ends.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach } from "vitest";
import { ensureEmbeddedPostgres } from "../../../lib/db/embedded";
import { describeProcesses, killAll, listensOn, MARK_ENV, processesOf, stillRunning, type ProcessInfo } from "./processes";
import { freePort } from "./server";

export const root = path.resolve(import.meta.dirname, "../../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface HookyardOptions {
  /** `npm start` or `npm run worker`. */
  script?: "start" | "worker";
  /** HOOKYARD_DATA_DIR (embedded PostgreSQL); a fresh one under .data/ by default. */
  dataDir?: string;
  /** Connect to this database instead of the embedded one. */
  databaseUrl?: string;
  /** The web server's port (npm start) and the first worker's health port; free ones by default. */
  port?: number;
  workerPort?: number;
  env?: Record<string, string>;
}

export interface Hookyard {
  /** npm's process. */
  npm: ChildProcess;
  script: "start" | "worker";
  mark: string;
  dataDir: string;
  url: string;
  port: number;
  workerPort: number;
  adminKey: string;
  output: string[];
  /** npm's exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Every live process of this start: npm, the supervisor, its children, PostgreSQL. */
  processes(): ProcessInfo[];
  /** The live processes whose command line matches. */
  find(pattern: RegExp): ProcessInfo[];
  /** Resolves once /api/health (npm start) and the first worker's health port (unless
   * HOOKYARD_WORKERS=0) answer 200 from this start's processes. */
  ready(timeoutMs?: number): Promise<void>;
  /** Waits until no process of this start runs — or, given a snapshot, none of those and none
   * carrying this start's mark (another start may use the same cluster meanwhile); returns how
   * long that took. */
  waitGone(timeoutMs: number, snapshot?: ProcessInfo[]): Promise<number>;
  /** SIGKILLs every process of this start that is still running. */
  kill(): Promise<void>;
}

/** Polls `check` every 50 ms until it holds. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The supervisor's own process (not npm's `sh -c` that started it). */
export const SUPERVISOR = /^(\S*\/)?node .*scripts\/start\.ts/;
/** A worker process (supervised or `npm run worker`). */
export const WORKER = /^(\S*\/)?node .*scripts\/worker\.ts/;
/** The web server (scripts/web-server.mjs or `next dev`; both rename themselves next-server). */
export const WEB_SERVER = /^next-server|^(\S*\/)?node .*(scripts\/web-server\.mjs|next\/dist\/bin\/next dev)/;

/** A data directory of a test's own under .data/ (the postgres user can reach it). */
export function freshDataDir(name: string): string {
  const dir = path.join(root, ".data", "e2e", `${name}-${process.pid}-${randomBytes(3).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Where the cluster of a data dir really lives (it may be a symlink, see lib/db/embedded.ts). */
export function clusterDirOf(dataDir: string): string {
  const linked = path.join(dataDir, "pg");
  return existsSync(linked) ? realpathSync(linked) : linked;
}

export async function spawnHookyard(options: HookyardOptions = {}): Promise<Hookyard> {
  const script = options.script ?? "start";
  const dataDir = options.dataDir ?? freshDataDir(script);
  const port = options.port ?? (await freePort());
  const workerPort = options.workerPort ?? (await freePort());
  const mark = randomBytes(8).toString("hex");
  const adminKey = `hy_e2e${randomBytes(16).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOOKYARD_EXECUTOR: "local",
    HOOKYARD_ALLOW_HTTP: "true",
    HOOKYARD_ALLOW_PRIVATE_URLS: "true",
    HOOKYARD_DATA_DIR: dataDir,
    HOOKYARD_BOOTSTRAP_ADMIN_KEY: adminKey,
    HOOKYARD_WORKER_PORT: String(workerPort),
    PORT: String(port),
    HOSTNAME_BIND: "127.0.0.1",
    [MARK_ENV]: mark,
    ...options.env,
  };
  // The test file's own database is in the environment: the embedded one is meant unless asked.
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  // Generated into the data dir by the embedded default, as on a fresh install.
  if (!options.databaseUrl) delete env.HOOKYARD_ENCRYPTION_KEY;

  const npm = spawn("npm", script === "start" ? ["start"] : ["run", "worker"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  npm.stdout!.on("data", (d) => output.push(String(d)));
  npm.stderr!.on("data", (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  // Every process of the tree writes to npm's pipes: once they are all closed, all it said is read.
  const outputRead = new Promise<void>((resolve) => npm.once("close", () => resolve()));
  const scope = () => ({ mark, clusterDirs: options.databaseUrl ? [] : [clusterDirOf(dataDir)] });
  const processes = () => processesOf(scope());
  const url = `http://127.0.0.1:${port}`;
  const workers = Number(env.HOOKYARD_WORKERS ?? 1);

  const hookyard: Hookyard = {
    npm,
    script,
    mark,
    dataDir,
    url,
    port,
    workerPort,
    adminKey,
    output,
    exited,
    processes,
    find: (pattern) => processes().filter((p) => pattern.test(p.cmd)),
    async ready(timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      const targets = [...(script === "start" ? [{ port, path: "/api/health" }] : []), ...(workers > 0 ? [{ port: workerPort, path: "/health" }] : [])];
      for (const { port: targetPort, path: healthPath } of targets) {
        const target = `http://127.0.0.1:${targetPort}${healthPath}`;
        for (;;) {
          if (npm.exitCode !== null || npm.signalCode !== null) throw new Error(`npm ${script} exited early:\n${output.join("")}`);
          // Ours answering, not a process of an earlier start that still holds the port.
          const ok = listensOn(processes(), targetPort) && (await fetch(target, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false));
          if (ok) break;
          if (Date.now() > deadline) throw new Error(`npm ${script}: ${target} did not answer 200 within ${timeoutMs / 1000} s:\n${output.join("")}`);
          await sleep(100);
        }
      }
    },
    async waitGone(timeoutMs, snapshot) {
      const started = Date.now();
      for (;;) {
        // Also whatever started meanwhile under our mark (a restarted child, a new backend).
        const left = snapshot ? unique([...stillRunning(snapshot), ...processesOf({ mark })]) : processes();
        if (left.length === 0) {
          const tookMs = Date.now() - started;
          if (!snapshot) await Promise.race([outputRead, sleep(2_000)]);
          return tookMs;
        }
        if (Date.now() - started > timeoutMs) {
          throw new Error(`still running ${timeoutMs} ms later:\n${describeProcesses(left)}\n--- output ---\n${output.join("")}`);
        }
        await sleep(50);
      }
    },
    async kill() {
      for (let round = 0; round < 20; round++) {
        const left = processes();
        if (left.length === 0) return;
        killAll(left);
        await sleep(100);
      }
    },
  };
  return hookyard;
}

function unique(processes: ProcessInfo[]): ProcessInfo[] {
  return [...new Map(processes.map((p) => [p.pid, p])).values()];
}

export async function startHookyard(options: HookyardOptions = {}): Promise<Hookyard> {
  const hookyard = await spawnHookyard(options);
  try {
    await hookyard.ready();
  } catch (err) {
    await hookyard.kill();
    throw err;
  }
  return hookyard;
}

/** Runs `fn` against the embedded database of `dataDir`: the running cluster, or one started
 * (and stopped again) for it — e.g. to look at what a stopped Hookyard left behind. */
export async function withEmbeddedDatabase<T>(dataDir: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const database = await ensureEmbeddedPostgres(dataDir);
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
  }
}

/** The admin API of a running Hookyard. */
export function adminApi(hookyard: Pick<Hookyard, "url" | "adminKey">) {
  return async function api<T = any>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${hookyard.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${hookyard.adminKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}

/** Removes a data dir, and the cluster it links to outside it (see lib/db/embedded.ts). */
export function removeDataDir(dataDir: string): void {
  const linked = path.join(dataDir, "pg");
  if (lstatSync(linked, { throwIfNoEntry: false })?.isSymbolicLink()) {
    const placed = path.dirname(path.resolve(dataDir, readlinkSync(linked)));
    if (placed.startsWith("/var/lib/hookyard/")) rmSync(placed, { recursive: true, force: true });
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Starting Hookyard in a test file: `start` (and wait until it is ready) or `spawn` (and watch it
 * start). Whatever a test started is killed after it, pass or fail, and the data dirs are
 * removed after the file.
 */
export function hookyardsForEachTest(): {
  start(options?: HookyardOptions): Promise<Hookyard>;
  spawn(options?: HookyardOptions): Promise<Hookyard>;
  /** Kills what the test started so far (it would be after the test anyway). */
  killAll(): Promise<void>;
} {
  const started: Hookyard[] = [];
  const dataDirs = new Set<string>();
  afterEach(async (context) => {
    const these = started.splice(0);
    if (context.task.result?.state === "fail") {
      // What each process said is the first thing to read when a test like this fails.
      for (const h of these) console.log(`--- output of npm ${h.script} (${h.dataDir}) ---\n${h.output.join("")}`);
    }
    await Promise.all(these.map((h) => h.kill()));
  });
  afterAll(() => {
    for (const dir of dataDirs) removeDataDir(dir);
  });
  const spawn = async (options?: HookyardOptions) => {
    const hookyard = await spawnHookyard(options);
    started.push(hookyard);
    dataDirs.add(hookyard.dataDir);
    return hookyard;
  };
  return {
    spawn,
    async killAll() {
      await Promise.all(started.map((h) => h.kill()));
    },
    async start(options) {
      const hookyard = await spawn(options);
      await hookyard.ready();
      return hookyard;
    },
  };
}
