// The keeper of an embedded PostgreSQL: a tiny process between its owner (the supervisor, the
// CLI, a test run) and the postmaster, so the postmaster never outlives its owner.
//
//   node postgres-keeper.mjs <owner pid> <postgres binary> [postgres args...]
//
// It starts the postmaster (as the `postgres` user when run as root: HOOKYARD_PG_UID/GID), which
// writes its log where the keeper's output goes (a file the owner opened), and stops it with a fast shutdown (SIGINT: clients disconnected, a clean
// checkpoint) when told to (SIGTERM/SIGINT) or when the owner is gone — killed outright, it cannot
// stop anything itself. It exits when the postmaster does, with its code.
// Plain JavaScript with no dependencies: it must start fast and cannot fail to load.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const [ownerArg, binary, ...args] = process.argv.slice(2);
const ownerPid = Number(ownerArg);
if (!ownerPid || !binary) {
  process.stderr.write("usage: node postgres-keeper.mjs <owner pid> <postgres binary> [args...]\n");
  process.exit(2);
}

const uid = process.env.HOOKYARD_PG_UID ? Number(process.env.HOOKYARD_PG_UID) : undefined;
const gid = process.env.HOOKYARD_PG_GID ? Number(process.env.HOOKYARD_PG_GID) : undefined;
const postmaster = spawn(binary, args, { uid, gid, stdio: ["ignore", "inherit", "inherit"] });
process.stderr.on("error", () => {}); // nowhere to report a log that cannot be written

let stopping = false;
function stop(why) {
  if (stopping) return;
  stopping = true;
  if (why) process.stderr.write(`[postgres-keeper] ${why}: stopping PostgreSQL\n`);
  postmaster.kill("SIGINT");
  // A postmaster that ignores the fast shutdown (stuck on I/O) gets the immediate one.
  setTimeout(() => postmaster.kill("SIGQUIT"), 20_000).unref();
}

postmaster.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
postmaster.on("error", (err) => {
  process.stderr.write(`[postgres-keeper] could not start ${binary}: ${err.message}\n`);
  process.exit(1);
});
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => stop());

// As lib/process-alive.ts (this file loads nothing of ours): a zombie owner — killed, not yet
// reaped — is gone too.
function ownerAlive() {
  try {
    process.kill(ownerPid, 0);
  } catch (err) {
    if (err.code !== "EPERM") return false; // EPERM: alive, just not ours to signal
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${ownerPid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}
setInterval(() => {
  if (!ownerAlive()) stop(`its owner (pid ${ownerPid}) is gone`);
}, 250);
