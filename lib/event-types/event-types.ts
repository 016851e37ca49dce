// The event-type catalog: the names operators publish and tenants subscribe to. Each type has
// versions (versions.ts); a type made without naming any has version 1, and the unversioned API
// reads and edits its latest version.
import type { DbTx } from "../db/client";
import { Prisma, type EventType, type EventTypeVersion } from "../db/generated/client";
import { conflict, forbidden, notFound, validationFailed } from "../errors";
import type { EventTypeCreate, EventTypeJson, EventTypeUpdate } from "../schemas/event-types";
import { isUniqueViolation } from "../db/errors";
import { newId } from "../ids";
import { schemaCompileError, validateAgainstSchema } from "./json-schema";
import { db as defaultDb } from "../db/client";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";
import { assertCompatible } from "./compatibility";

/** Built in, always present: what "Send test event" sends to an endpoint that takes every type. */
export const PING_EVENT_TYPE = "hookyard.ping";

/** An event type with its versions, oldest first (there is always at least version 1). */
export type CatalogType = EventType & { versions: EventTypeVersion[] };

const withVersions = { versions: { orderBy: { version: "asc" } } } as const;

export const latestOf = (t: CatalogType): EventTypeVersion => t.versions[t.versions.length - 1];

export function eventTypeJson(e: CatalogType): EventTypeJson {
  const latest = latestOf(e);
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    schema: (latest?.schema as EventTypeJson["schema"]) ?? null,
    examplePayload: (latest?.examplePayload as EventTypeJson["examplePayload"]) ?? null,
    latestVersion: latest?.version ?? 1,
    archived: e.archived,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The schema must compile and the example (if any) must satisfy it. */
export function checkSchemaAndExample(schema: object | null | undefined, example: unknown): void {
  if (!schema) return;
  const compileError = schemaCompileError(schema);
  if (compileError) throw validationFailed(`schema is not a valid JSON Schema: ${compileError}`, [{ path: "schema", message: compileError }]);
  if (example !== undefined && example !== null) {
    const problems = validateAgainstSchema(schema, example);
    if (problems.length) {
      throw validationFailed("examplePayload does not match the schema", problems.map((p) => ({ path: `examplePayload${p.path}`, message: p.message })));
    }
  }
}

export const jsonOrNull = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** Event types by name with their versions, unknown ones (null) included, for publishing. Every
 * change here clears it; another process's change (archiving, a new version) shows here within
 * LOOKUP_CACHE_TTL_MS (see lib/cache/ttl-cache). */
const eventTypesByName = ttlCache<CatalogType | null>(LOOKUP_CACHE_TTL_MS);

/** Forget cached event types (after creating, changing or deleting one). */
export function eventTypesChanged(): void {
  eventTypesByName.clear();
}

/** The event type called `name` (archived or not) with its versions, or null; briefly cached. */
export function findEventTypeCached(name: string): Promise<CatalogType | null> {
  return eventTypesByName.get(name, () => findEventType(defaultDb(), name));
}

export function findEventType(db: DbTx, name: string): Promise<CatalogType | null> {
  return db.eventType.findUnique({ where: { name }, include: withVersions });
}

export async function getEventType(db: DbTx, name: string): Promise<CatalogType> {
  const eventType = await findEventType(db, name);
  if (!eventType) throw notFound(`Event type "${name}"`);
  return eventType;
}

export function listEventTypes(db: DbTx, args: Prisma.EventTypeFindManyArgs): Promise<CatalogType[]> {
  return db.eventType.findMany({ ...args, include: withVersions }) as Promise<CatalogType[]>;
}

export async function createEventType(db: DbTx, input: EventTypeCreate): Promise<CatalogType> {
  checkSchemaAndExample(input.schema, input.examplePayload);
  let created: CatalogType;
  try {
    created = await db.eventType.create({
      data: {
        id: newId("eventType"),
        name: input.name,
        description: input.description,
        archived: input.archived,
        versions: { create: { version: 1, schema: jsonOrNull(input.schema), examplePayload: jsonOrNull(input.examplePayload) } },
      },
      include: withVersions,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Event type "${input.name}" already exists`);
    throw err;
  }
  eventTypesChanged(); // it may be cached as unknown
  return created;
}

/** Hookyard's own event types (`hookyard.…`: the test ping, operational events) are not the
 * operator's to change. */
export function assertNotBuiltIn(current: EventType): void {
  if (current.name.startsWith("hookyard.")) throw forbidden(`"${current.name}" is one of Hookyard's own event types and cannot be changed`);
}

/** Description and archived on the type; schema and example replace the latest version's in place
 * — checked against the version before it, as a new version would be. */
export async function updateEventType(db: DbTx, current: CatalogType, input: EventTypeUpdate): Promise<CatalogType> {
  assertNotBuiltIn(current);
  const latest = latestOf(current);
  const schema = input.schema === undefined ? (latest.schema as object | null) : input.schema;
  const example = input.examplePayload === undefined ? latest.examplePayload : input.examplePayload;
  checkSchemaAndExample(schema, example);
  if (input.schema !== undefined) assertCompatible(current, latest.version, schema, latest.breaking);
  await db.eventType.update({ where: { id: current.id }, data: { description: input.description, archived: input.archived } });
  if (input.schema !== undefined || input.examplePayload !== undefined) {
    await db.eventTypeVersion.update({
      where: { eventTypeId_version: { eventTypeId: current.id, version: latest.version } },
      data: {
        schema: input.schema === undefined ? undefined : jsonOrNull(input.schema),
        examplePayload: input.examplePayload === undefined ? undefined : jsonOrNull(input.examplePayload),
      },
    });
  }
  eventTypesChanged();
  return getEventType(db, current.name);
}

export async function deleteEventType(db: DbTx, current: EventType): Promise<void> {
  assertNotBuiltIn(current);
  await db.eventType.delete({ where: { id: current.id } });
  eventTypesChanged();
}

/** Names among `names` that are not live event types (unknown or archived). */
export async function unknownEventTypes(db: DbTx, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const found = await db.eventType.findMany({ where: { name: { in: names }, archived: false }, select: { name: true } });
  const live = new Set(found.map((e) => e.name));
  return names.filter((n) => !live.has(n));
}
