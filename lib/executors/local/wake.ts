// The local executor running in this process, if any, so publishers can wake it directly.
const globalForWake = globalThis as unknown as { hookyardLocalWake?: () => void };

export function setLocalWake(wake: (() => void) | undefined): void {
  globalForWake.hookyardLocalWake = wake;
}

export function wakeLocalExecutor(): void {
  globalForWake.hookyardLocalWake?.();
}
