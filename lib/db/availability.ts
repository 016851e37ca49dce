// Telling "the database is away" (down, restarting, frozen, unreachable) apart from every other
// database error: the first is a 503 with Retry-After to an API caller and a pause-and-retry to a
// worker; the others are bugs or bad input.
import { Prisma } from "./generated/client";

/** PostgreSQL error classes 08 (connection exception) and 57P (operator intervention: shutdown,
 * crash recovery, cannot connect now). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4])/;
/** What node-postgres and Node say when the server is away or silent. */
const UNAVAILABLE_MESSAGE =
  /Query read timeout|connection timeout|timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof Prisma.PrismaClientInitializationError) return true;
    if (e instanceof Prisma.PrismaClientKnownRequestError) {
      if (e.code === "P1001" || e.code === "P1002" || e.code === "P1017") return true;
      const cause = (e.meta as { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } } | undefined)
        ?.driverAdapterError?.cause;
      if (cause?.kind === "DatabaseNotReachable" || cause?.kind === "ConnectionClosed" || cause?.kind === "SocketTimeout") return true;
      const code = cause?.originalCode ?? cause?.code;
      if (code && UNAVAILABLE_SQLSTATE.test(code)) return true;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH)$/.test(code))) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
