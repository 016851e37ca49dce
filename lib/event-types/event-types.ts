// The event-type catalog: the names operators publish and tenants subscribe to.
import type { DbTx } from "../db/client";
import { Prisma, type EventType } from "../db/generated/client";
import { conflict, forbidden, validationFailed } from "../api/errors";
import type { EventTypeCreate, EventTypeJson, EventTypeUpdate } from "../api/schemas/event-types";
import { isUniqueViolation } from "../db/errors";
import { newId } from "../ids";
import { schemaCompileError, validateAgainstSchema } from "./json-schema";
import { db as defaultDb } from "../db/client";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";

/** Built in, always present: what "Send test event" sends to an endpoint that takes every type. */
export const PING_EVENT_TYPE = "hookyard.ping";

export function eventTypeJson(e: EventType): EventTypeJson {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    schema: (e.schema as EventTypeJson["schema"]) ?? null,
    examplePayload: (e.examplePayload as EventTypeJson["examplePayload"]) ?? null,
    archived: e.archived,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The schema must compile and the example (if any) must satisfy it. */
function checkSchemaAndExample(schema: object | null | undefined, example: unknown): void {
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

const jsonOrNull = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** Event types by name, unknown ones (null) included, for publishing. Every change here clears
 * it; another process's change (archiving, a new schema) shows here within LOOKUP_CACHE_TTL_MS
 * (see lib/cache/ttl-cache). */
const eventTypesByName = ttlCache<EventType | null>(LOOKUP_CACHE_TTL_MS);

/** Forget cached event types (after creating, changing or deleting one). */
export function eventTypesChanged(): void {
  eventTypesByName.clear();
}

/** The event type called `name` (archived or not), or null; briefly cached. */
export function findEventTypeCached(name: string): Promise<EventType | null> {
  return eventTypesByName.get(name, () => defaultDb().eventType.findUnique({ where: { name } }));
}

export async function createEventType(db: DbTx, input: EventTypeCreate): Promise<EventType> {
  checkSchemaAndExample(input.schema, input.examplePayload);
  let created: EventType;
  try {
    created = await db.eventType.create({
      data: {
        id: newId("eventType"),
        name: input.name,
        description: input.description,
        schema: input.schema ? (input.schema as Prisma.InputJsonValue) : undefined,
        examplePayload: input.examplePayload == null ? undefined : (input.examplePayload as Prisma.InputJsonValue),
        archived: input.archived,
      },
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
function assertNotBuiltIn(current: EventType): void {
  if (current.name.startsWith("hookyard.")) throw forbidden(`"${current.name}" is one of Hookyard's own event types and cannot be changed`);
}

export async function updateEventType(db: DbTx, current: EventType, input: EventTypeUpdate): Promise<EventType> {
  assertNotBuiltIn(current);
  const schema = input.schema === undefined ? (current.schema as object | null) : input.schema;
  const example = input.examplePayload === undefined ? current.examplePayload : input.examplePayload;
  checkSchemaAndExample(schema, example);
  const updated = await db.eventType.update({
    where: { id: current.id },
    data: {
      description: input.description,
      archived: input.archived,
      schema: input.schema === undefined ? undefined : jsonOrNull(input.schema),
      examplePayload: input.examplePayload === undefined ? undefined : jsonOrNull(input.examplePayload),
    },
  });
  eventTypesChanged();
  return updated;
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
