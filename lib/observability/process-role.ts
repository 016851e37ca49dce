// Which Hookyard process this is — on every log line and metric series. The supervisor names
// each child in its environment; a process started alone is a web server (Next.js loads us)
// unless its entry point says otherwise (`npm run worker`, the CLI).
export type ProcessRole = "supervisor" | "web" | "worker" | "cli";

export const PROCESS_ROLE_ENV = "HOOKYARD_PROCESS_ROLE";
const ROLES: readonly string[] = ["supervisor", "web", "worker", "cli"];

export function processRole(): ProcessRole {
  const role = process.env[PROCESS_ROLE_ENV];
  return role && ROLES.includes(role) ? (role as ProcessRole) : "web";
}

/** Call first thing, before anything logs. */
export function setProcessRole(role: ProcessRole): void {
  process.env[PROCESS_ROLE_ENV] = role;
}

/** A worker's number (1, 2, …) when the supervisor started several, for its log lines. */
export function workerNumber(): number | undefined {
  const index = process.env.HOOKYARD_WORKER_INDEX;
  return index === undefined || index === "" ? undefined : Number(index) + 1;
}
