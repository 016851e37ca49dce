// What changed between two versions of an event type's JSON Schema, field by field, and which of
// those changes break a receiver of the earlier version. Within a line of versions (lines.ts) every
// receiver gets the payloads of every version of the line, so a field must keep meaning the same:
//
// - breaking: a field removed; a field's type changed to one the earlier version did not allow
//   (widened or replaced: a receiver may now see values it never handled); a field made required
//   that was optional (payloads valid at the earlier version are not any more) or optional that was
//   required (a receiver may rely on it being there); the schema dropped altogether; and any change
//   inside anyOf / oneOf / allOf / $ref / not, which this comparison does not look into.
// - compatible: a field added (required or not: "add fields, never break"), a type narrowed, enum
//   values or descriptions changed, a schema given to a type that had none.
//
// It looks at `properties`, `required`, `type` and array `items`, recursively: the vocabulary
// event payload schemas are written in. Paths are dotted (`customer.email`, `lines[].sku`).

type Schema = Record<string, unknown>;

export type ChangeKind = "added" | "removed" | "retyped" | "required" | "optional" | "enum" | "description" | "schema" | "unchecked";

export interface SchemaChange {
  kind: ChangeKind;
  /** Dotted path of the field ("" for the payload itself). */
  path: string;
  breaking: boolean;
  /** A sentence for people: "customer.email was removed". */
  message: string;
}

const COMPOSITION = ["anyOf", "oneOf", "allOf", "not", "$ref", "if", "then", "else"] as const;

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** The JSON types a schema allows, or null for "any" (no `type`). `integer` counts as a number. */
function typesOf(s: Schema): Set<string> | null {
  const t = s.type;
  if (typeof t === "string") return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === "string"));
  if (Array.isArray(s.enum) || "const" in s) return new Set(["(enum)"]);
  return null;
}

const describeTypes = (t: Set<string> | null) => (t === null ? "any" : [...t].sort().join(" | "));

/** Every type of `next` was allowed by `prev` (integer fits in number). */
function narrowerOrSame(prev: Set<string> | null, next: Set<string> | null): boolean {
  if (prev === null) return true;
  if (next === null) return false;
  return [...next].every((t) => prev.has(t) || (t === "integer" && prev.has("number")) || t === "(enum)");
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const label = (path: string) => (path ? path : "the payload");

function requiredOf(s: Schema): Set<string> {
  return new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : []);
}

function compare(prev: Schema, next: Schema, path: string, out: SchemaChange[]): void {
  for (const keyword of COMPOSITION) {
    if (!sameJson(prev[keyword], next[keyword])) {
      out.push({ kind: "unchecked", path, breaking: true, message: `${label(path)}: "${keyword}" changed (not compared field by field; treated as breaking)` });
      return;
    }
  }
  const prevTypes = typesOf(prev);
  const nextTypes = typesOf(next);
  if (describeTypes(prevTypes) !== describeTypes(nextTypes)) {
    const narrowed = narrowerOrSame(prevTypes, nextTypes);
    out.push({
      kind: "retyped",
      path,
      breaking: !narrowed,
      message: `${label(path)} changed type from ${describeTypes(prevTypes)} to ${describeTypes(nextTypes)}${narrowed ? " (narrowed)" : ""}`,
    });
  }
  if (!sameJson(prev.enum, next.enum) && (Array.isArray(prev.enum) || Array.isArray(next.enum))) {
    out.push({ kind: "enum", path, breaking: false, message: `${label(path)}: allowed values changed` });
  }
  if (prev.description !== next.description && path) {
    out.push({ kind: "description", path, breaking: false, message: `${label(path)}: description changed` });
  }

  const prevProps = isSchema(prev.properties) ? prev.properties : {};
  const nextProps = isSchema(next.properties) ? next.properties : {};
  const prevRequired = requiredOf(prev);
  const nextRequired = requiredOf(next);
  for (const [key, schema] of Object.entries(prevProps)) {
    const field = join(path, key);
    if (!(key in nextProps)) {
      out.push({ kind: "removed", path: field, breaking: true, message: `${field} was removed` });
      continue;
    }
    if (prevRequired.has(key) && !nextRequired.has(key)) {
      out.push({ kind: "optional", path: field, breaking: true, message: `${field} is no longer required (receivers may rely on it)` });
    } else if (!prevRequired.has(key) && nextRequired.has(key)) {
      out.push({ kind: "required", path: field, breaking: true, message: `${field} became required (payloads valid before are not)` });
    }
    if (isSchema(schema) && isSchema(nextProps[key])) compare(schema, nextProps[key] as Schema, field, out);
  }
  for (const key of Object.keys(nextProps)) {
    if (key in prevProps) continue;
    const field = join(path, key);
    out.push({ kind: "added", path: field, breaking: false, message: `${field} was added${nextRequired.has(key) ? " (required)" : ""}` });
  }

  if (isSchema(prev.items) && isSchema(next.items)) compare(prev.items, next.items, `${path}[]`, out);
  else if (isSchema(prev.items) !== isSchema(next.items) || !sameJson(prev.items, next.items)) {
    if (prev.items !== undefined || next.items !== undefined) {
      const breaking = isSchema(prev.items) && !isSchema(next.items);
      out.push({ kind: "unchecked", path: `${path}[]`, breaking, message: `${label(path)}: array items ${breaking ? "no longer described" : "changed"}` });
    }
  }
}

/** The changes from `prev` to `next` (either may be null: no schema, any payload). */
export function diffSchemas(prev: unknown, next: unknown): SchemaChange[] {
  const a = isSchema(prev) ? prev : null;
  const b = isSchema(next) ? next : null;
  if (!a && !b) return [];
  if (!a) return [{ kind: "schema", path: "", breaking: false, message: "A schema was added (payloads were not described before)" }];
  if (!b) return [{ kind: "schema", path: "", breaking: true, message: "The schema was removed: any payload is accepted now" }];
  const out: SchemaChange[] = [];
  compare(a, b, "", out);
  return out;
}

export const breakingChanges = (changes: SchemaChange[]) => changes.filter((c) => c.breaking);
