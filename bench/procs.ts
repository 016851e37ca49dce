// Process-tree accounting from /proc (Linux): which processes belong to the server (launcher,
// next-server, delivery workers, postgres), their memory (RSS, PSS, VmHWM) and CPU time, sampled
// during the run.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export type Group = "next" | "worker" | "postgres" | "launcher";
const GROUPS: Group[] = ["next", "worker", "postgres", "launcher"];

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  comm: string;
  /** utime + stime, clock ticks. */
  ticks: number;
  /** cutime + cstime: reaped children (for the postmaster: exited backends). */
  childTicks: number;
  rssKb: number;
}

let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // 100 on every Linux we care about
}
const PAGE_KB = 4;

export function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const f = stat.slice(close + 2).split(" ");
    return {
      pid,
      ppid: Number(f[1]),
      pgrp: Number(f[2]),
      comm,
      ticks: Number(f[11]) + Number(f[12]),
      childTicks: Number(f[13]) + Number(f[14]),
      rssKb: Number(f[21]) * PAGE_KB,
    };
  } catch {
    return null; // gone
  }
}

export function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** `root` and every process below it. */
export function descendants(root: number, procs = allProcs()): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  let rootInfo: ProcInfo | undefined;
  for (const p of procs) {
    if (p.pid === root) rootInfo = p;
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  if (!rootInfo) return [];
  const out: ProcInfo[] = [];
  const stack = [rootInfo];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

const groupCache = new Map<number, Group>();

export function groupOf(p: ProcInfo): Group {
  const cached = groupCache.get(p.pid);
  if (cached) return cached;
  let g: Group = "launcher";
  if (p.comm === "postgres" || p.comm.startsWith("postgres")) g = "postgres";
  else if (p.comm.startsWith("next-server") || /next[/\\]dist[/\\]bin[/\\]next\b|scripts[/\\]web-server\.mjs/.test(cmdline(p.pid))) g = "next";
  else if (/scripts[/\\]worker\.ts/.test(cmdline(p.pid))) g = "worker";
  // A node process may rename itself (process.title = "next-server") after we first saw it.
  if (g !== "launcher" || p.comm !== "node") groupCache.set(p.pid, g);
  return g;
}

function statusKb(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  at: number;
  /** Σ RSS per group, kB (double-counts shared memory: postgres' shared buffers in every backend). */
  rssKb: Record<Group, number>;
  /** Σ PSS per group, kB (shared pages split between the processes that map them). */
  pssKb: Record<Group, number>;
  procs: Record<Group, number>;
}

export interface CpuSnapshot {
  at: number;
  /** Seconds of CPU per group, cumulative. */
  seconds: Record<Group | "receiver" | "bench", number>;
}

export interface PeakMemory {
  /** VmHWM of the next-server process: its exact peak RSS. */
  nextHwmKb: number;
  /** Highest Σ RSS / Σ PSS per group seen in one sample. */
  rssKb: Record<Group, number>;
  pssKb: Record<Group, number>;
  /** Highest Σ over all groups in one sample. */
  totalRssKb: number;
  totalPssKb: number;
  maxProcs: Record<Group, number>;
  samples: number;
}

const zero = (): Record<Group, number> => ({ next: 0, worker: 0, postgres: 0, launcher: 0 });

/**
 * Samples the server's process tree every `intervalMs`: memory peaks, and every pid ever seen
 * (so shutdown can make sure none is left).
 */
export class TreeSampler {
  readonly seen = new Map<number, Group>();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private nextPid = 0;
  private nextHwmKb = 0;
  readonly peak: PeakMemory = {
    nextHwmKb: 0,
    rssKb: zero(),
    pssKb: zero(),
    totalRssKb: 0,
    totalPssKb: 0,
    maxProcs: zero(),
    samples: 0,
  };

  constructor(
    private readonly root: number,
    private readonly extra: { receiverPid?: number; onPid?: (pid: number) => void } = {},
  ) {}

  /**
   * The process list and RSS every `intervalMs`; PSS every `pssEvery`th sample only. PSS
   * (/proc/<pid>/smaps_rollup) makes the kernel walk each process's page tables, and ~35 postgres
   * backends map the shared buffers: read every 500 ms it took ~10 % of a core from the server
   * being measured, and stalled the bench's event loop (which times the publishes) for tens of
   * milliseconds each time. Memory moves slowly; its peak does not need more. (Reading /proc
   * asynchronously instead was worse: the thread pool's reads cost more CPU than the stalls.)
   */
  start(intervalMs = 500, pssEvery = 6): void {
    this.sample();
    let n = 0;
    this.timer = setInterval(() => {
      if (!this.paused) this.sample(++n % pssEvery === 0);
    }, intervalMs);
    this.timer.unref();
  }

  /** No samples while `fn` runs (a latency measurement: even the cheap samples block the bench's
   * event loop for milliseconds, the PSS ones for tens), then one at once. */
  async pausedDuring<T>(fn: () => Promise<T>): Promise<T> {
    this.paused = true;
    try {
      return await fn();
    } finally {
      this.paused = false;
      this.sample();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  tree(): ProcInfo[] {
    return descendants(this.root);
  }

  sample(withPss = true): MemorySample {
    const s: MemorySample = { at: Date.now(), rssKb: zero(), pssKb: zero(), procs: zero() };
    for (const p of this.tree()) {
      const g = groupOf(p);
      if (!this.seen.has(p.pid)) this.extra.onPid?.(p.pid);
      this.seen.set(p.pid, g);
      s.rssKb[g] += p.rssKb;
      if (withPss) s.pssKb[g] += pssKb(p.pid);
      s.procs[g]++;
      if (g === "next") {
        this.nextPid = p.pid;
        this.nextHwmKb = Math.max(this.nextHwmKb, statusKb(p.pid, "VmHWM"));
      }
    }
    const pk = this.peak;
    for (const g of GROUPS) {
      pk.rssKb[g] = Math.max(pk.rssKb[g], s.rssKb[g]);
      pk.pssKb[g] = Math.max(pk.pssKb[g], s.pssKb[g]);
      pk.maxProcs[g] = Math.max(pk.maxProcs[g], s.procs[g]);
    }
    const sum = (r: Record<Group, number>) => GROUPS.reduce((n, g) => n + r[g], 0);
    pk.totalRssKb = Math.max(pk.totalRssKb, sum(s.rssKb));
    pk.totalPssKb = Math.max(pk.totalPssKb, sum(s.pssKb));
    pk.nextHwmKb = this.nextHwmKb;
    pk.samples++;
    return s;
  }

  get nextServerPid(): number {
    return this.nextPid;
  }

  /** The worker processes seen so far (still running or not). */
  get workerPids(): number[] {
    return [...this.seen].filter(([, g]) => g === "worker").map(([pid]) => pid);
  }

  /** Cumulative CPU seconds per group now (postgres includes exited backends via the postmaster). */
  cpu(): CpuSnapshot {
    const seconds = { next: 0, worker: 0, postgres: 0, launcher: 0, receiver: 0, bench: 0 };
    for (const p of this.tree()) {
      const g = groupOf(p);
      seconds[g] += (p.ticks + (g === "postgres" ? p.childTicks : 0)) / clkTck;
    }
    if (this.extra.receiverPid) {
      const r = readProc(this.extra.receiverPid);
      if (r) seconds.receiver = r.ticks / clkTck;
    }
    const own = process.cpuUsage();
    seconds.bench = (own.user + own.system) / 1e6;
    return { at: performance.now(), seconds };
  }
}

/** CPU used between two snapshots, as a percentage of one core, per group. */
export function cpuPercent(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const wall = (b.at - a.at) / 1000;
  const out: Record<string, number> = {};
  for (const k of Object.keys(a.seconds) as (keyof CpuSnapshot["seconds"])[]) {
    out[k] = wall > 0 ? Math.round(((b.seconds[k] - a.seconds[k]) / wall) * 1000) / 10 : 0;
  }
  return out;
}

/** Total CPU of the machine (all processes), as a percentage of one core, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
