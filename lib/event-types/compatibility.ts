// The breaking-change rule of versioned event types: a new schema (a new version, or an edit of the
// latest) may only add to the version before it unless it is marked breaking (schema-diff.ts says
// what changed, and whether that breaks a receiver).
import type { EventTypeVersion } from "../db/generated/client";
import { breakingChange } from "../errors";
import { breakingChanges, diffSchemas } from "./schema-diff";

/** Refuses `schema` as version `version` of `type` when it breaks the version before it and is not
 * marked `breaking` (422 breaking_change, one detail per breaking change). */
export function assertCompatible(type: { name: string; versions: Pick<EventTypeVersion, "version" | "schema">[] }, version: number, schema: object | null, breaking: boolean): void {
  const previous = type.versions.find((v) => v.version === version - 1);
  if (!previous || breaking) return;
  const broken = breakingChanges(diffSchemas(previous.schema, schema));
  if (broken.length === 0) return;
  throw breakingChange(
    `Version ${version} of "${type.name}" breaks version ${previous.version}: ${broken.map((c) => c.message).join("; ")}. ` +
      `Add fields instead, or mark the version breaking ("breaking": true): endpoints that receive "${type.name}" are then pinned to version ${previous.version}.`,
    broken.map((c) => ({ path: c.path ? `schema.${c.path}` : "schema", message: c.message, kind: c.kind })),
  );
}
