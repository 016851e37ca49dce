// What a caller can get wrong, as the errors the domain throws: each carries the HTTP status and
// the code the API answers with (lib/api/errors.ts turns it into the error envelope), so domain
// modules say "not found" or "conflict" without knowing about HTTP requests or responses.
import type { z } from "zod";

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

export class DomainError extends Error {
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

export const badRequest = (message: string, details?: unknown[]) => new DomainError(400, "bad_request", message, details);
export const unauthorized = (message = "Missing or unknown API key") => new DomainError(401, "unauthorized", message);
export const forbidden = (message: string) => new DomainError(403, "forbidden", message);
export const notFound = (what: string) => new DomainError(404, "not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown[]) => new DomainError(409, "conflict", message, details);
export const attemptInProgress = () =>
  new DomainError(409, "attempt_in_progress", "An attempt of this delivery is queued or in flight; retry once it has been recorded");
export const payloadTooLarge = (limit: number) =>
  new DomainError(413, "payload_too_large", `Request body is larger than ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new DomainError(415, "unsupported_media_type", message);
export const validationFailed = (message: string, details: unknown[]) =>
  new DomainError(422, "validation_failed", message, details);
/** A new event type version that breaks the one before it and is not marked breaking. */
export const breakingChange = (message: string, details: unknown[]) => new DomainError(422, "breaking_change", message, details);

/** Seconds a client should wait before trying again when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const databaseUnavailable = () =>
  new DomainError(503, "database_unavailable", "The database is unavailable right now; nothing was changed. Try again shortly.", undefined, {
    "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
  });

export interface ErrorDetail {
  path: string;
  message: string;
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** A zod failure as a 422 with one detail per issue. */
export function validationFailedFrom(error: z.ZodError): DomainError {
  const details = zodDetails(error);
  return validationFailed(details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "), details);
}
