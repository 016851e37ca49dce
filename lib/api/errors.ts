// The one error envelope of the API: {"error": {"code", "message", "details"?}}.
// Every failure a client can cause maps to a 4xx here; only our own bugs are 500s.
import { z } from "zod";
import { Prisma } from "../db/generated/client";
import { isDatabaseUnavailable } from "../db/availability";
import { isForeignKeyViolation } from "../db/errors";
import { errorFields, logger } from "../observability/log";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "gone"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "breaking_change"
  | "rate_limited"
  | "attempt_in_progress"
  | "database_unavailable"
  | "internal_error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
    /** Response headers that go with this error (e.g. Retry-After on a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown[]) => new ApiError(400, "bad_request", message, details);
export const unauthorized = (message = "Missing or unknown API key") => new ApiError(401, "unauthorized", message);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown[]) => new ApiError(409, "conflict", message, details);
export const attemptInProgress = () =>
  new ApiError(409, "attempt_in_progress", "An attempt of this delivery is queued or in flight; retry once it has been recorded");
export const payloadTooLarge = (limit: number) =>
  new ApiError(413, "payload_too_large", `Request body is larger than ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new ApiError(415, "unsupported_media_type", message);
export const validationFailed = (message: string, details: unknown[]) =>
  new ApiError(422, "validation_failed", message, details);
/** A new event type version that breaks the one before it and is not marked breaking. */
export const breakingChange = (message: string, details: unknown[]) => new ApiError(422, "breaking_change", message, details);

/** Seconds a client should wait before trying again when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const databaseUnavailable = () =>
  new ApiError(503, "database_unavailable", "The database is unavailable right now; nothing was changed. Try again shortly.", undefined, {
    "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
  });

export interface ErrorDetail {
  path: string;
  message: string;
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) {
    const details = zodDetails(err);
    return validationFailed(details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "), details);
  }
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return conflict("An object with the same unique value already exists");
    if (err.code === "P2025") return notFound("Object");
  }
  // What the write refers to was deleted meanwhile (a tenant or endpoint deleted mid-request).
  if (isForeignKeyViolation(err)) return new ApiError(404, "not_found", "Not found: what this refers to was deleted meanwhile");
  return new ApiError(500, "internal_error", "Internal server error");
}

export function errorResponse(err: unknown): Response {
  const apiError = toApiError(err);
  if (apiError.code === "database_unavailable") logger().warn({ error: (err as Error).message?.split("\n").filter(Boolean).at(-1) }, "database unavailable");
  else if (apiError.status >= 500) logger().error(errorFields(err), "internal error");
  const body = {
    error: {
      code: apiError.code,
      message: apiError.message,
      ...(apiError.details ? { details: apiError.details } : {}),
    },
  };
  return Response.json(body, { status: apiError.status, headers: apiError.headers });
}
