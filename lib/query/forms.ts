// Form helpers shared by every dashboard form: the same zod schema the route handler uses checks
// the input before sending, and the API's error details land on the fields they name.
import type { z } from "zod";
import { ApiClientError } from "./fetcher";

export type FieldErrors = Record<string, string>;

/** Parses with the shared schema; field messages by top-level field name on failure. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { data: z.infer<S>; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    errors[key] ??= issue.message;
  }
  return { data: null, errors };
}

/** Field errors from a failed request (details[].path), plus the message as the form error. */
export function errorsFromApi(err: unknown): { fields: FieldErrors; form: string } {
  if (err instanceof ApiClientError) {
    const fields = err.fieldErrors();
    return { fields, form: Object.keys(fields).length ? "Please fix the highlighted fields." : err.message };
  }
  return { fields: {}, form: err instanceof Error ? err.message : "Something went wrong" };
}
