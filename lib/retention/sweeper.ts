// The retention sweep as a background job of the delivery workers (the local executor runs it on a
// timer; under Inngest a cron function does): never two at once in one process, never failing its
// caller — a database that is away just means the next sweep deletes more.
import { sweepRetention } from "./retention";

/** How often each worker tries a sweep (one of them gets the lock). */
export const RETENTION_SWEEP_MS = 60_000;

let sweeping = false;

export async function runRetentionSweep(log: (line: string) => void): Promise<void> {
  if (sweeping) return;
  sweeping = true;
  try {
    const { messages } = await sweepRetention();
    if (messages > 0) log(`retention: deleted ${messages} expired message(s) with their deliveries and attempts`);
  } catch (err) {
    log(`retention sweep failed: ${(err as Error).message.split("\n").filter(Boolean).at(-1)}`);
  } finally {
    sweeping = false;
  }
}
