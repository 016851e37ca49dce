// Starting `npm start` on an embedded PostgreSQL data directory that an earlier run, the machine
// or the checkout's location made awkward: a postmaster.pid naming a live process that is not our
// postmaster (a reused PID), and — as root — a data directory the postgres user cannot reach.
// (A start straight after a SIGKILL, while the old postmaster is still stopping, is in
// supervisor-shutdown.test.ts.)
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { adminApi, clusterDirOf, freshDataDir, hookyardsForEachTest, removeDataDir, root, withEmbeddedDatabase } from "./helpers/hookyard";
import { ensureEmbeddedPostgres } from "../../lib/db/embedded";
import { isAlive, killAll, processesOf, stillRunning } from "./helpers/processes";

const hookyards = hookyardsForEachTest();
const asRoot = process.getuid?.() === 0;
const strangers: ChildProcess[] = [];
afterAll(() => {
  for (const p of strangers) p.kill("SIGKILL");
});

/** A live process that is not PostgreSQL, working in `cwd`. */
function stranger(cwd: string): ChildProcess {
  const child = spawn("sleep", ["600"], { cwd, stdio: "ignore" });
  strangers.push(child);
  return child;
}

/** A postmaster.pid as PostgreSQL writes it, naming `pid`. */
function writeStalePidFile(clusterDir: string, pid: number): void {
  const file = path.join(clusterDir, "postmaster.pid");
  writeFileSync(file, `${pid}\n${clusterDir}\n${Math.floor(Date.now() / 1000) - 3600}\n5432\n\n127.0.0.1\n  5432001     0\nready   \n`);
  if (asRoot) chownSync(file, lstatSync(clusterDir).uid, lstatSync(clusterDir).gid);
}

describe("embedded PostgreSQL start-up", () => {
  it("a postmaster.pid naming a live process that is not our postmaster does not stop a start, nor is that process touched", async () => {
    const dataDir = freshDataDir("stale-pid");
    await withEmbeddedDatabase(dataDir, async () => {}); // an initialised cluster, stopped cleanly
    const clusterDir = clusterDirOf(dataDir);
    // The PID reused by some other process — one that even sits in the data directory, as a
    // shell or an editor may, so that where it works does not make it our postmaster either.
    const other = stranger(clusterDir);
    writeStalePidFile(clusterDir, other.pid!);
    const hookyard = await hookyards.start({ dataDir });
    expect(Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0])).not.toBe(other.pid);
    expect(isAlive(other.pid!)).toBe(true);
    hookyard.npm.kill("SIGTERM");
    await hookyard.waitGone(20_000);
    expect(isAlive(other.pid!)).toBe(true);
  });

  it("a start straight after the owner was killed waits for its postmaster to go — stopping it itself if the keeper was killed too", async () => {
    const dataDir = freshDataDir("owner-killed");
    const postgres = () => processesOf({ clusterDirs: [clusterDirOf(dataDir)] });
    try {
      for (const killKeeperToo of [false, true]) {
        const owner = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "helpers/embedded-owner.ts"), dataDir], {
          cwd: root,
          stdio: ["ignore", "pipe", "inherit"],
        });
        strangers.push(owner);
        await new Promise<void>((resolve, reject) => {
          owner.stdout!.on("data", (d) => String(d).includes("ready") && resolve());
          owner.once("exit", (code) => reject(new Error(`the owner exited with ${code}`)));
        });
        const { keeperPid } = JSON.parse(readFileSync(path.join(clusterDirOf(dataDir), "hookyard-owner.json"), "utf8"));
        const before = postgres();
        owner.kill("SIGKILL");
        if (killKeeperToo) process.kill(keeperPid, "SIGKILL"); // (the OOM killer, a kill -9 of the lot)
        // No waiting: the old postmaster is still running, or shutting down.
        const said: string[] = [];
        const database = await ensureEmbeddedPostgres(dataDir, (line) => said.push(line));
        expect(said.join("\n")).toMatch(/Waiting for the PostgreSQL of an earlier run \(pid \d+\) to stop/);
        expect(stillRunning(before)).toEqual([]);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
        await client.end();
        await database.stop();
        expect(postgres()).toEqual([]);
      }
    } finally {
      killAll(postgres());
      removeDataDir(dataDir);
    }
  });

  it("a PostgreSQL keeper killed outright does not leave its postmaster behind when its owner stops", async () => {
    const dataDir = freshDataDir("keeper-killed");
    const postgres = () => processesOf({ clusterDirs: [clusterDirOf(dataDir)] });
    try {
      const database = await ensureEmbeddedPostgres(dataDir);
      const { keeperPid } = JSON.parse(readFileSync(path.join(clusterDirOf(dataDir), "hookyard-owner.json"), "utf8"));
      expect(postgres().length).toBeGreaterThan(0);
      process.kill(keeperPid, "SIGKILL");
      await database.stop();
      expect(postgres()).toEqual([]);
    } finally {
      killAll(postgres());
      removeDataDir(dataDir);
    }
  });

  it.skipIf(!asRoot)("as root, a data directory the postgres user cannot enter works: the cluster is placed where it can, and found again", async () => {
    // A checkout in a private home (/root is mode 700), here a fresh mode-700 directory.
    const placedRootExisted = existsSync("/var/lib/hookyard");
    const privateDir = mkdtempSync(path.join(os.tmpdir(), "hookyard-e2e-private-"));
    const dataDir = path.join(privateDir, "data");
    try {
      const first = await hookyards.start({ dataDir });
      const link = path.join(dataDir, "pg");
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      const placed = clusterDirOf(dataDir);
      expect(placed.startsWith("/var/lib/hookyard/")).toBe(true);
      expect(first.output.join("")).toContain(`The postgres user cannot enter ${privateDir}: the embedded cluster lives in ${placed}`);
      // It works: a write through the API lands.
      const api = adminApi(first);
      const tenant = await api<{ id: string }>("POST", "/tenants", { name: "Private" });
      first.npm.kill("SIGTERM");
      await first.waitGone(20_000);

      // The next start finds the same cluster through the link.
      const second = await hookyards.start({ dataDir });
      expect(second.output.join("")).not.toContain("Creating the embedded PostgreSQL cluster");
      expect((await adminApi(second)<{ id: string }>("GET", `/tenants/${tenant.id}`)).id).toBe(tenant.id);
      second.npm.kill("SIGTERM");
      await second.waitGone(20_000);
      expect(existsSync(placed)).toBe(true);
    } finally {
      await hookyards.killAll(); // before its cluster is removed
      removeDataDir(dataDir); // and the cluster placed for it
      rmSync(privateDir, { recursive: true, force: true });
      if (!placedRootExisted) {
        try {
          rmdirSync("/var/lib/hookyard");
        } catch {
          // not empty: another run placed a cluster there meanwhile
        }
      }
    }
  });
});
