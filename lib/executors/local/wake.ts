// The local executor running in this process, if any, so publishers can wake it directly.
import { outsideRequest } from "../../observability/request-context";

const globalForWake = globalThis as unknown as { hookyardLocalWake?: () => void };

export function setLocalWake(wake: (() => void) | undefined): void {
  globalForWake.hookyardLocalWake = wake;
}

export function wakeLocalExecutor(): void {
  const wake = globalForWake.hookyardLocalWake;
  // The work it starts is not the waking request's: its log lines and spans must not say so.
  if (wake) outsideRequest(wake);
}
