// The parent's handle on the receiver process (bench/receiver.ts, forked with tsx).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ReceiverRecords } from "./receiver";

export interface ReceiverProcess {
  pid: number;
  port: number;
  url(pathname: string): string;
  configure(secret: string, verifyEvery: number): void;
  /** Cuts the connections of the requests held unanswered (/hang/…). */
  release(): void;
  /** The records since the last collect (and a fresh start). */
  collect(): Promise<ReceiverRecords>;
  /** How many requests arrived since the last collect. */
  count(): Promise<number>;
  /** Resolves once `n` requests arrived since the last collect, or after timeoutMs (false). */
  waitForCount(n: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

type Reply = { type: string; seq?: number; port?: number; pid?: number; count?: number } & Partial<ReceiverRecords>;

export async function forkReceiver(): Promise<ReceiverProcess> {
  const pending = new Map<number, (r: Reply) => void>();
  const child: ChildProcess = fork(path.join(import.meta.dirname, "receiver.ts"), ["--bench-receiver"], {
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Its own process group: a Ctrl-C meant for the bench must not kill it mid-run (the bench
    // stops it during cleanup; it also exits by itself when the IPC channel closes).
    detached: true,
  });
  child.on("error", () => {}); // a send on a closed channel; the caller sees the rejection
  let exited = false;
  child.once("exit", () => {
    exited = true;
    for (const [, done] of pending) done({ type: "exit" });
    pending.clear();
  });
  let seq = 0;
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`receiver exited early (${code})`));
    child.once("exit", onExit);
    child.on("message", (msg: Reply) => {
      if (msg.type === "ready") {
        child.off("exit", onExit);
        resolve({ port: msg.port!, pid: msg.pid! });
      } else if (msg.seq !== undefined) {
        const done = pending.get(msg.seq);
        pending.delete(msg.seq);
        done?.(msg);
      }
    });
  });
  const ask = (type: "collect" | "count"): Promise<Reply> =>
    new Promise((resolve, reject) => {
      if (exited || !child.connected) return reject(new Error("the receiver process is gone"));
      const n = ++seq;
      const timer = setTimeout(() => reject(new Error(`receiver did not answer ${type}`)), 30_000);
      pending.set(n, (r) => {
        clearTimeout(timer);
        if (r.type === "exit") reject(new Error("the receiver process exited"));
        else resolve(r);
      });
      child.send({ type, seq: n });
    });
  const count = async () => (await ask("count")).count!;
  return {
    pid: ready.pid,
    port: ready.port,
    url: (pathname) => `http://127.0.0.1:${ready.port}${pathname}`,
    configure: (secret, verifyEvery) => void (child.connected && child.send({ type: "configure", secret, verifyEvery })),
    release: () => void (child.connected && child.send({ type: "release" })),
    collect: async () => {
      const { type: _t, seq: _s, ...records } = await ask("collect");
      return records as ReceiverRecords;
    },
    count,
    async waitForCount(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await count()) >= n) return true;
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () =>
      new Promise((resolve) => {
        if (exited || child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.send({ type: "exit" });
        else child.kill("SIGTERM");
      }),
  };
}
