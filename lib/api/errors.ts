// The one error envelope of the API: {"error": {"code", "message", "details"?}}. Every failure a
// client can cause maps to a 4xx here — the domain's errors (lib/errors.ts) with their own status,
// invalid input, a database that is away or a row deleted meanwhile; only our own bugs are 500s.
import { z } from "zod";
import { Prisma } from "../db/generated/client";
import { isDatabaseUnavailable } from "../db/availability";
import { isForeignKeyViolation } from "../db/errors";
import { errorFields, logger } from "../observability/log";
import { conflict, databaseUnavailable, DomainError, notFound, validationFailedFrom } from "../errors";

export function toApiError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof z.ZodError) return validationFailedFrom(err);
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return conflict("An object with the same unique value already exists");
    if (err.code === "P2025") return notFound("Object");
  }
  // What the write refers to was deleted meanwhile (a tenant or endpoint deleted mid-request).
  if (isForeignKeyViolation(err)) return new DomainError(404, "not_found", "Not found: what this refers to was deleted meanwhile");
  return new DomainError(500, "internal_error", "Internal server error");
}

export function errorResponse(err: unknown): Response {
  const answer = toApiError(err);
  if (answer.code === "database_unavailable") logger().warn({ error: (err as Error).message?.split("\n").filter(Boolean).at(-1) }, "database unavailable");
  else if (answer.status >= 500) logger().error(errorFields(err), "internal error");
  const body = {
    error: {
      code: answer.code,
      message: answer.message,
      ...(answer.details ? { details: answer.details } : {}),
    },
  };
  return Response.json(body, { status: answer.status, headers: answer.headers });
}
