// Whether a process still runs. Signal 0 alone is not enough: a process that has exited but not
// yet been reaped by its parent (a zombie — for ever, under a PID 1 that reaps nothing, as in a
// container without an init) still answers it.
import { readFileSync } from "node:fs";
import os from "node:os";

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: alive, not ours to signal
  }
  if (os.platform() !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses and may contain anything.
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false; // gone meanwhile
  }
}
