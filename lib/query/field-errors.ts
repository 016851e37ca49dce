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

const count = (n: number | bigint) => new Intl.NumberFormat("en").format(n);

/** A sentence: capital first letter, full stop at the end. */
function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** zod's own wording ("Too small: expected string to have >=1 characters"), not the schema's. */
const ZOD_DEFAULT = /^(Too (small|big)|Invalid (input|option|URL|string|format|[a-z]+)\b|Unrecognized key)/;

/**
 * What a person would write for a zod issue under a form field: "Required.", "Must be at least
 * 100.", "Enter a full URL, such as https://example.com/webhooks." A message the schema chose
 * itself is kept, made a sentence.
 */
export function humanMessage(issue: z.core.$ZodIssue): string {
  const own = !ZOD_DEFAULT.test(issue.message);
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Required." : `Use at least ${count(issue.minimum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return Number(issue.minimum) <= 1 ? "Choose at least one." : `Choose at least ${count(issue.minimum)}.`;
      if (own) break;
      return `Must be ${issue.inclusive ? "at least" : "more than"} ${count(issue.minimum)}.`;
    case "too_big":
      if (own) break;
      if (issue.origin === "string") return `Use at most ${count(issue.maximum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${count(issue.maximum)}.`;
      return `Must be ${issue.inclusive ? "at most" : "less than"} ${count(issue.maximum)}.`;
    case "invalid_type":
      if (issue.message.endsWith("received undefined")) return "Required.";
      if (issue.expected === "int") return "Enter a whole number.";
      if (issue.expected === "number") return "Enter a number.";
      break;
    case "invalid_format":
      if (issue.format === "url") return "Enter a full URL, such as https://example.com/webhooks.";
      if (issue.format === "email") return "Enter an email address, such as ada@example.com.";
      break;
    case "invalid_value":
      if (!own) return `Choose one of ${issue.values.map(String).join(", ")}.`;
      break;
    case "unrecognized_keys":
      return `Not a field this form knows: ${issue.keys.join(", ")}.`;
  }
  return sentence(own ? issue.message : issue.message.replace(/^Invalid input: /, ""));
}

export const zodProblems = (error: z.ZodError): Problem[] => error.issues.map((issue) => ({ path: issue.path, message: humanMessage(issue) }));
