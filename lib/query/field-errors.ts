// Where a form shows a validation problem. The browser's zod check and the API's error details
// name the same paths (the route handlers validate with the same schemas), so both land the same
// way: under the field the path starts with, or, when the form has no such field, in the form's
// own error line.
import type { z } from "zod";

/** A problem at a path: an API error detail ("headers.X-Team", "examplePayload/items/0") or a
 * zod issue (["headers", "X-Team"]). */
export interface Problem {
  path?: string | readonly PropertyKey[];
  message: string;
}

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

export interface PlacedErrors<F extends string> {
  fields: FieldErrors<F>;
  /** Problems of no field of the form, as "path: message" (or the message alone). */
  unplaced: string[];
}

/** Shown above the buttons while the fields carry the details. */
export const FIX_FIELDS_MESSAGE = "Please fix the highlighted fields.";

/**
 * The field a path starts with, and where inside it: "headers.X-Team" → headers, "X-Team";
 * "examplePayload/items/0" (a JSON pointer into a JSON field) → examplePayload, "/items/0".
 */
export function splitPath(path: Problem["path"]): { field: string; inner: string } {
  if (path === undefined) return { field: "", inner: "" };
  if (typeof path !== "string") {
    const [first, ...rest] = path.map(String);
    return { field: first ?? "", inner: rest.join(".") };
  }
  const cut = path.search(/[./]/);
  if (cut === -1) return { field: path, inner: "" };
  const inner = path[cut] === "/" ? path.slice(cut) : path.slice(cut + 1);
  return { field: path.slice(0, cut), inner: inner === "/" ? "" : inner };
}

/** The message, told where inside the field it applies unless it already names it ("X" is …). */
function located(inner: string, message: string): string {
  if (!inner || message.includes(`"${inner}"`)) return message;
  return `${inner}: ${message}`;
}

/** The first problem of each field the form has; the others kept for the form's error line. */
export function placeProblems<F extends string>(problems: readonly Problem[], formFields: readonly F[]): PlacedErrors<F> {
  const known = new Set<string>(formFields);
  const fields: FieldErrors<F> = {};
  const unplaced: string[] = [];
  for (const { path, message } of problems) {
    const { field, inner } = splitPath(path);
    if (known.has(field)) fields[field as F] ??= located(inner, message);
    else unplaced.push(field ? `${typeof path === "string" ? path : path!.map(String).join(".")}: ${message}` : message);
  }
  return { fields, unplaced };
}

/** What the form shows for these problems: field messages, and the line above the buttons. */
export function formErrors<F extends string>(problems: readonly Problem[], formFields: readonly F[], fallback: string): { fields: FieldErrors<F>; form: string } {
  const { fields, unplaced } = placeProblems(problems, formFields);
  if (unplaced.length) return { fields, form: unplaced.join("; ") };
  return { fields, form: Object.keys(fields).length ? FIX_FIELDS_MESSAGE : fallback };
}

export const zodProblems = (error: z.ZodError): Problem[] => error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
