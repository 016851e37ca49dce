// Is the database answering? For health checks, which must answer quickly whatever state the
// database is in: a frozen server never replies, so the check races a short timer.
import { db } from "./client";

export interface DatabaseHealth {
  ok: boolean;
  /** Round trip in ms, or why the check failed. */
  detail: string;
}

export async function checkDatabase(timeoutMs = 1500): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const query = db()
    .$queryRaw`SELECT 1`
    .then(() => ({ ok: true, detail: `${Math.round(performance.now() - started)} ms` }))
    .catch((err: Error) => ({ ok: false, detail: err.message.split("\n").filter(Boolean).at(-1) ?? "error" }));
  try {
    return await Promise.race([query, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
