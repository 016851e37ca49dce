import { Prisma } from "./generated/client";

/** A unique constraint refused the write (Postgres 23505, Prisma P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
