// JSON Schema checks for event types: the schema itself must compile, and payloads (and the
// example) are validated against it. Compiled validators are cached by schema text.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: typeof ajv) => void)(ajv);
const cache = new Map<string, ValidateFunction>();

export interface SchemaProblem {
  path: string;
  message: string;
}

function compile(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (cache.size > 500) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

/** Null when the schema compiles; otherwise why it does not. */
export function schemaCompileError(schema: object): string | null {
  try {
    compile(schema);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function validateAgainstSchema(schema: object, value: unknown): SchemaProblem[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ path: e.instancePath || "/", message: e.message ?? "is invalid" }));
}
