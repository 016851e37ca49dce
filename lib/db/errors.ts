import pg from "pg";
import { Prisma } from "./generated/client";

/** A unique constraint refused the write (Postgres 23505, Prisma P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A foreign key refused the write (Postgres 23503: Prisma's P2003, P2010 from a raw query, or
 * node-postgres's own error from a hot statement): the row it refers to does not exist,
 * typically because it was deleted meanwhile. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return err.code === "23503";
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2003") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return cause?.originalCode === "23503" || cause?.kind === "ForeignKeyConstraintViolation";
}
