// The supervisor behind `npm start` / `npm run dev`: one process that owns the whole tree — the
// embedded PostgreSQL (through its keeper), the web server, and HOOKYARD_WORKERS delivery workers.
//
// - It prepares the database once (embedded unless DATABASE_URL, migrations), then starts the
//   web server and the workers with the connection in their environment.
// - SIGINT / SIGTERM / SIGHUP, or its parent process exiting (npm does not pass SIGTERM on to
//   us): stop the web server first (no new work comes in), then the workers
//   (they finish or cut short their requests within HOOKYARD_SHUTDOWN_GRACE and record them), then
//   PostgreSQL; exit. A second Ctrl-C kills the children at once.
// - A child that dies unexpectedly after it was up is restarted with backoff (1 s, doubling to
//   30 s); one that dies during start-up, or five times within a minute, brings the whole tree
//   down with a message naming it: a problem that will not fix itself (a port in use, a bad
//   setting) should be seen, not retried forever.
// - Killed outright (SIGKILL), it cannot stop anyone: its children watch for that (watch.ts) and
//   exit within a second or two, and the PostgreSQL keeper stops the database.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { RunningDatabase } from "../db/embedded";
import { PROCESS_ROLE_ENV } from "../observability/process-role";
import { SUPERVISOR_PID_ENV, watchParent } from "./watch";

export interface SupervisorOptions {
  mode: "dev" | "start";
  root: string;
  workers: number;
  /** Single-process mode: the web server runs the local executor itself. */
  webDelivers: boolean;
  shutdownGraceMs: number;
  database: RunningDatabase;
  log: (line: string) => void;
  /** Extra arguments for the web server, as `next dev|start` take them (--port, --hostname). */
  nextArgs: string[];
}

/** A child that lived this long counts as started: a later exit is a crash, not a start-up failure. */
const UP_AFTER_MS = 5_000;
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 5;
const WEB_STOP_MS = 10_000;
/** Beyond their own grace, workers get this long to record and exit before they are killed. */
const WORKER_STOP_SLACK_MS = 4_000;

interface ChildSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
}

class Supervised {
  process: ChildProcess | undefined;
  private startedAt = 0;
  private everUp = false;
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ChildSpec,
    private readonly onFatal: (why: string) => void,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    // Detached (a process group of its own): a Ctrl-C in the terminal reaches only the
    // supervisor, which stops the children in order.
    const child = spawn(process.execPath, this.spec.args, {
      stdio: "inherit",
      env: { ...process.env, ...this.spec.env },
      detached: process.platform !== "win32",
    });
    this.process = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    setTimeout(() => {
      if (this.process === child && child.exitCode === null) this.everUp = true;
    }, UP_AFTER_MS).unref();
    child.once("exit", (code, signal) => this.onExit(code, signal));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const now = Date.now();
    if (!this.everUp && now - this.startedAt < UP_AFTER_MS) return this.onFatal(`the ${this.spec.name} ${how} while starting`);
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length >= MAX_CRASHES) return this.onFatal(`the ${this.spec.name} ${how}, its ${MAX_CRASHES}th crash within a minute`);
    const backoff = Math.min(30_000, 1000 * 2 ** (this.crashes.length - 1));
    this.log(`the ${this.spec.name} ${how}; restarting it in ${backoff / 1000} s`);
    this.restartTimer = setTimeout(() => this.start(), backoff);
  }

  /** SIGTERM, then SIGKILL after `ms`. */
  async stop(ms: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => {
      this.log(`the ${this.spec.name} did not stop within ${ms / 1000} s; killing it`);
      child.kill("SIGKILL");
    }, ms);
    await this.exited;
    clearTimeout(killer);
  }

  kill(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.process?.kill("SIGKILL");
  }
}

export async function supervise(options: SupervisorOptions): Promise<number> {
  const { root, log } = options;
  // Production: our server around Next.js (scripts/web-server.mjs: publishes skip its router).
  // Development: `next dev` itself, for its compiling on demand and hot reload.
  const webEntry =
    options.mode === "start"
      ? [path.join(root, "scripts", "web-server.mjs")]
      : [path.join(root, "node_modules", "next", "dist", "bin", "next"), "dev"];
  const shared = { [SUPERVISOR_PID_ENV]: String(process.pid), DATABASE_URL: options.database.url };
  let fatal: string | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const onFatal = (why: string) => {
    fatal ??= why;
    log(`${why}; stopping Hookyard`);
    void shutdown(1);
  };

  // Single-process mode: the web server delivers too, and handles SIGTERM itself so its requests
  // in flight get their grace (lib/runtime/web.ts).
  const webEnv = options.webDelivers ? { ...shared, NEXT_MANUAL_SIG_HANDLE: "1" } : shared;
  // Console output as JSON lines where logs are JSON (lib/observability/console-to-json.mjs).
  const consoleJson = ["--import", pathToFileURL(path.join(root, "lib", "observability", "console-to-json.mjs")).href];
  const web = new Supervised(
    { name: "web server", args: [...consoleJson, ...webEntry, ...options.nextArgs], env: { ...webEnv, [PROCESS_ROLE_ENV]: "web" } },
    onFatal,
    log,
  );
  const workers = Array.from(
    { length: options.workers },
    (_, i) =>
      new Supervised(
        {
          name: options.workers > 1 ? `worker ${i + 1}` : "worker",
          args: ["--conditions=react-server", ...consoleJson, "--import", "tsx", path.join(root, "scripts", "worker.ts")],
          env: { ...shared, HOOKYARD_WORKER_INDEX: String(i), [PROCESS_ROLE_ENV]: "worker" },
        },
        onFatal,
        log,
      ),
  );

  let shuttingDown: Promise<void> | undefined;
  function shutdown(code: number): Promise<void> {
    return (shuttingDown ??= (async () => {
      // In single-process mode the web server is also the worker: it gets the workers' time.
      await web.stop(options.webDelivers ? options.shutdownGraceMs + WORKER_STOP_SLACK_MS : WEB_STOP_MS);
      await Promise.all(workers.map((w) => w.stop(options.shutdownGraceMs + WORKER_STOP_SLACK_MS)));
      await options.database.stop().catch((err: Error) => log(`could not stop PostgreSQL: ${err.message}`));
      resolveDone(code);
    })());
  }

  let interrupts = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      interrupts++;
      if (interrupts === 1) {
        log(`${signal}: stopping (web server, then ${options.workers} worker(s) within ${options.shutdownGraceMs / 1000} s, then the database)`);
        void shutdown(0);
      } else if (signal === "SIGINT") {
        log("stopping now");
        for (const child of [web, ...workers]) child.kill();
      }
    });
  }

  watchParent(() => {
    log("the parent process (npm) is gone: stopping");
    void shutdown(0);
  });
  if (!shuttingDown) {
    // (It may already be gone: stopped while we prepared the database. Then nothing starts.)
    for (const w of workers) w.start();
    web.start();
  }
  const code = await done;
  return fatal ? 1 : code;
}
