import pg from "pg";
import { Prisma } from "./generated/client";

/** A unique constraint refused the write (Postgres 23505, Prisma P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A foreign key refused the write (Postgres 23503; Prisma P2003, or P2010 from a raw query; node-postgres's own error from a hot statement): the
 * row it refers to does not exist, typically because it was deleted meanwhile. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return err.code === "23503"; // a hot statement (db/client.ts)
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2003") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return cause?.originalCode === "23503" || cause?.kind === "ForeignKeyConstraintViolation";
}
