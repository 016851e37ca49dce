// "Every process of ours", found the way an operator would with ps: by walking /proc (Linux).
//
// A test starts Hookyard with a marker in its environment (HOOKYARD_E2E_MARK=<unique>), which
// every process it starts inherits: npm, sh, the supervisor, web server, workers, tsx's esbuild,
// the PostgreSQL keeper and postmaster. PostgreSQL's backends overwrite their environment with
// their process title, so they are found as descendants of a marked process instead — and, should
// they ever outlive their postmaster (reparented to init), by their working directory, which is
// the cluster directory.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export const MARK_ENV = "HOOKYARD_E2E_MARK";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Clock ticks since boot when it started: pid plus this names one process, even if the pid is reused. */
  startedAt: number;
  cmd: string;
}

interface Scanned extends ProcessInfo {
  environ: string;
  cwd: string;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // gone meanwhile, or a kernel thread
  }
}

function scan(): Scanned[] {
  const found: Scanned[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name in parentheses may contain spaces and parentheses: fields follow the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") continue; // exited, waiting to be reaped
    let cwd = "";
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      // gone meanwhile
    }
    found.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      startedAt: Number(fields[19]),
      cmd: (read(`/proc/${entry}/cmdline`) ?? "").split("\0").join(" ").trim(),
      environ: read(`/proc/${entry}/environ`) ?? "",
      cwd,
    });
  }
  return found;
}

export interface Scope {
  /** The marker value in the environment (none: only the clusters' processes). */
  mark?: string;
  /** Cluster directories (real paths): a postgres process working in one is ours. */
  clusterDirs?: string[];
}

/** The live processes of a test's Hookyard: marked ones, stray postgres processes of its
 * clusters, and everything descending from either. */
export function processesOf(scope: Scope): ProcessInfo[] {
  const all = scan();
  const marker = scope.mark ? `${MARK_ENV}=${scope.mark}` : undefined;
  const ours = new Set<number>();
  for (const p of all) {
    const marked = marker !== undefined && p.environ.split("\0").includes(marker);
    const strayPostgres =
      /^\S*postgres\b/.test(p.cmd) && (scope.clusterDirs ?? []).some((dir) => p.cwd === dir || p.cwd.startsWith(`${dir}/`));
    if (marked || strayPostgres) ours.add(p.pid);
  }
  // Descendants, to a fixed point (children may be listed before their parents).
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => ours.has(p.pid)).map(({ pid, ppid, startedAt, cmd }) => ({ pid, ppid, startedAt, cmd }));
}

/** Which of `processes` still run (same pid, same start time). */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
  const live = new Map(scan().map((p) => [p.pid, p.startedAt]));
  return processes.filter((p) => live.get(p.pid) === p.startedAt);
}

export function describeProcesses(processes: ProcessInfo[]): string {
  return processes.map((p) => `  ${p.pid} (parent ${p.ppid}): ${p.cmd.slice(0, 160)}`).join("\n");
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGKILLs each process (those already gone are skipped). */
export function killAll(processes: ProcessInfo[]): void {
  for (const p of stillRunning(processes)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

/** Whether one of `processes` holds a listening TCP socket on `port` (from /proc/net/tcp*). */
export function listensOn(processes: ProcessInfo[], port: number): boolean {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (read(table) ?? "").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the 10th column.
      if (cols.length > 9 && parseInt(cols[1].split(":")[1], 16) === port && cols[3] === "0A") inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return false;
  for (const p of processes) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p.pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${p.pid}/fd/${fd}`);
        if (target.startsWith("socket:[") && inodes.has(target.slice(8, -1))) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}
