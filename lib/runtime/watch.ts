// A supervised process (web server, worker) exits when its supervisor is gone: killed outright,
// the supervisor cannot stop its children, so they watch for it themselves.
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
    try {
      process.kill(pid, 0);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EPERM") return; // alive, not ours to signal
    }
    clearInterval(timer);
    onGone();
  }, CHECK_MS);
  timer.unref();
}

/**
 * Calls `onGone` (once) when this process's parent exits. `npm start` runs us under `sh -c`, and
 * on SIGTERM npm and that shell die without passing the signal on: our parent vanishing is then
 * the only sign we get that we were asked to stop.
 */
export function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return; // started by init or a container runtime: nothing to watch
  const timer = setInterval(() => {
    let alive = process.ppid === parent;
    if (alive) {
      try {
        process.kill(parent, 0);
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === "EPERM";
      }
    }
    if (alive) return;
    clearInterval(timer);
    onGone();
  }, CHECK_MS);
  timer.unref();
}
