// A supervised process (web server, worker) exits when its supervisor is gone: killed outright,
// the supervisor cannot stop its children, so they watch for it themselves.
import { isProcessAlive } from "../process-alive";

export const SUPERVISOR_PID_ENV = "HOOKYARD_SUPERVISOR_PID";
const CHECK_MS = 500;

/** Whether this process was started by the supervisor. */
export function isSupervised(): boolean {
  return Boolean(process.env[SUPERVISOR_PID_ENV]);
}

/** Calls `onGone` (once) when the supervisor that started this process no longer runs. */
export function watchSupervisor(onGone: () => void): void {
  const pid = Number(process.env[SUPERVISOR_PID_ENV]);
  if (!pid) return;
  const timer = setInterval(() => {
    if (isProcessAlive(pid)) return;
    clearInterval(timer);
    onGone();
  }, CHECK_MS);
  timer.unref();
}

/** The parent this process was started by, read when this module is first loaded — the launchers
 * (scripts/start.ts, scripts/worker.ts) load it at once — so that a parent which exits while we
 * are still starting (initdb, migrations) is noticed too, not taken for the one we have then. */
const launchParent = process.ppid;

function parentGone(parent: number): boolean {
  return process.ppid !== parent || !isProcessAlive(parent); // reparented: the parent exited
}

/**
 * Calls `onGone` (once) when the process that started this one exits — at once, synchronously,
 * if it already has. `npm start` runs us under `sh -c`, and on SIGTERM npm and that shell die
 * without passing the signal on: our parent vanishing is then the only sign we get that we were
 * asked to stop.
 */
export function watchParent(onGone: () => void): void {
  const parent = launchParent;
  if (parent <= 1) return; // started by init or a container runtime: nothing to watch
  if (parentGone(parent)) return onGone();
  const timer = setInterval(() => {
    if (!parentGone(parent)) return;
    clearInterval(timer);
    onGone();
  }, CHECK_MS);
  timer.unref();
}
