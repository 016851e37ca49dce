// Versions of an event type: adding one (refused when it breaks the version before it unless it
// says so), reading them with what changed between each, and how many endpoints pin each.
// Which endpoints receive which version: lines.ts.
import type { EventTypeVersion } from "../db/generated/client";
import type { Db, DbTx } from "../db/client";
import { conflict } from "../errors";
import type { EventTypeVersionCreate, EventTypeVersionCreatedJson, EventTypeVersionJson } from "../schemas/event-types";
import { isUniqueViolation } from "../db/errors";
import { assertNotBuiltIn, checkSchemaAndExample, eventTypesChanged, getEventType, jsonOrNull, latestOf, type CatalogType } from "./event-types";
import { assertCompatible } from "./compatibility";
import { lineOf } from "./lines";
import { diffSchemas } from "./schema-diff";

export function versionJson(type: CatalogType, v: EventTypeVersion, pinnedEndpoints?: number): EventTypeVersionJson {
  const previous = type.versions.find((p) => p.version === v.version - 1);
  return {
    eventType: type.name,
    version: v.version,
    schema: (v.schema as EventTypeVersionJson["schema"]) ?? null,
    examplePayload: (v.examplePayload as EventTypeVersionJson["examplePayload"]) ?? null,
    breaking: v.breaking,
    note: v.note,
    line: lineOf(type.versions, v.version),
    changes: previous ? diffSchemas(previous.schema, v.schema) : [],
    ...(pinnedEndpoints !== undefined ? { pinnedEndpoints } : {}),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

/** Endpoints (of every tenant) pinned to each version of `name`. */
export async function pinnedCounts(db: DbTx, name: string): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ version: number; endpoints: number }[]>`
    SELECT ("pinnedVersions" ->> ${name})::int AS version, count(*)::int AS endpoints
    FROM "Endpoint" WHERE "pinnedVersions" ? ${name} GROUP BY 1`;
  return new Map(rows.map((r) => [r.version, r.endpoints]));
}

/**
 * Adds the next version of `type`. A breaking one pins, in the same transaction, every endpoint
 * that receives the type and pins no version of it to the version before: what a receiver gets
 * never breaks under it; its owner moves it to the new line by changing the pin.
 */
export async function createVersion(db: Db, type: CatalogType, input: EventTypeVersionCreate): Promise<EventTypeVersionCreatedJson> {
  assertNotBuiltIn(type);
  checkSchemaAndExample(input.schema, input.examplePayload);
  const previous = latestOf(type);
  const version = previous.version + 1;
  assertCompatible(type, version, input.schema, input.breaking);
  const run = async (tx: DbTx) => {
    await tx.eventTypeVersion.create({
      data: {
        eventTypeId: type.id,
        version,
        schema: jsonOrNull(input.schema),
        examplePayload: jsonOrNull(input.examplePayload),
        breaking: input.breaking,
        note: input.note,
      },
    });
    await tx.eventType.update({ where: { id: type.id }, data: { updatedAt: new Date() } });
    let pinned = 0;
    if (input.breaking) {
      pinned = await tx.$executeRaw`
        UPDATE "Endpoint" SET "pinnedVersions" = "pinnedVersions" || jsonb_build_object(${type.name}::text, ${previous.version}::int), "updatedAt" = now()
        WHERE NOT ("pinnedVersions" ? ${type.name})
          AND (COALESCE(cardinality("eventTypes"), 0) = 0 OR ${type.name} = ANY ("eventTypes"))`;
    }
    return pinned;
  };
  let pinned: number;
  try {
    pinned = await db.$transaction(run);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Version ${version} of "${type.name}" was just added by someone else; reload and try again`);
    throw err;
  }
  eventTypesChanged();
  const updated = await getEventType(db, type.name);
  return { ...versionJson(updated, latestOf(updated)), pinnedToPrevious: pinned };
}

/** A type's versions, oldest first; with how many endpoints pin each when `withPins` (admins). */
export async function listVersions(db: DbTx, type: CatalogType, withPins: boolean): Promise<EventTypeVersionJson[]> {
  const pins = withPins ? await pinnedCounts(db, type.name) : null;
  return type.versions.map((v) => versionJson(type, v, pins ? (pins.get(v.version) ?? 0) : undefined));
}
