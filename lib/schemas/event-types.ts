import { z } from "zod";
import { isoTime, idString, jsonObject, jsonValue } from "./common";

/** Dotted names like `order.completed`; the `hookyard.` namespace is ours (`hookyard.ping`). */
export const eventTypeName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "must be dotted words like order.completed")
  .refine((name) => !name.startsWith("hookyard."), "the hookyard. namespace is reserved");

export const eventTypeCreateSchema = z
  .object({
    name: eventTypeName,
    description: z.string().max(2000).default(""),
    schema: jsonObject.nullable().optional().meta({ description: "JSON Schema (draft 2020-12) that payloads must satisfy" }),
    examplePayload: jsonValue.nullable().optional(),
    archived: z.boolean().default(false),
  })
  .strict()
  .meta({ id: "EventTypeCreate" });

export const eventTypeUpdateSchema = z
  .object({
    description: z.string().max(2000).optional(),
    schema: jsonObject.nullable().optional().meta({ description: "Replaces the latest version's schema in place (checked against the version before it like a new version); to change the payload, add a version" }),
    examplePayload: jsonValue.nullable().optional().meta({ description: "Replaces the latest version's example" }),
    archived: z.boolean().optional(),
  })
  .strict()
  .meta({ id: "EventTypeUpdate" });

export const eventTypeListQuery = z.object({
  includeArchived: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});

export const eventTypeSchema = z
  .object({
    id: idString("evt"),
    name: z.string(),
    description: z.string(),
    schema: jsonObject.nullable().meta({ description: "The latest version's JSON Schema" }),
    examplePayload: jsonValue.nullable().meta({ description: "The latest version's example" }),
    latestVersion: z.number().int().meta({ description: "What a publish that names no version is published at" }),
    archived: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "EventType" });

/** A version number as the API takes it. */
export const versionNumber = z.number().int().min(1).max(10_000);

export const eventTypeVersionCreateSchema = z
  .object({
    schema: jsonObject.nullable().default(null).meta({ description: "JSON Schema (draft 2020-12) of payloads at this version; null: any payload" }),
    examplePayload: jsonValue.nullable().optional(),
    breaking: z.boolean().default(false).meta({
      description: "This version breaks the one before it (removes or retypes a field, changes which fields are required). Without it such a version is refused. A breaking version starts a new line: endpoints receiving the type are pinned to the version before it.",
    }),
    note: z.string().max(2000).default("").meta({ description: "What changed and why, shown in the catalog" }),
  })
  .strict()
  .meta({ id: "EventTypeVersionCreate" });

export const schemaChangeSchema = z
  .object({
    kind: z.enum(["added", "removed", "retyped", "required", "optional", "enum", "description", "schema", "unchecked"]),
    path: z.string().meta({ description: 'Dotted field path; "" is the payload itself' }),
    breaking: z.boolean(),
    message: z.string(),
  })
  .meta({ id: "SchemaChange" });

export const eventTypeVersionSchema = z
  .object({
    eventType: z.string(),
    version: z.number().int(),
    schema: jsonObject.nullable(),
    examplePayload: jsonValue.nullable(),
    breaking: z.boolean(),
    note: z.string(),
    line: z.object({ first: z.number().int(), last: z.number().int() }).meta({ description: "The compatible versions this one belongs to: an endpoint receiving any of them gets messages published at any of them" }),
    changes: z.array(schemaChangeSchema).meta({ description: "What changed since the version before (empty for version 1)" }),
    pinnedEndpoints: z.number().int().optional().meta({ description: "Admins only: endpoints pinned to this version" }),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "EventTypeVersion" });

export const eventTypeVersionCreatedSchema = eventTypeVersionSchema
  .extend({ pinnedToPrevious: z.number().int().meta({ description: "Endpoints this (breaking) version pinned to the version before it" }) })
  .meta({ id: "EventTypeVersionCreated" });

export type EventTypeCreate = z.infer<typeof eventTypeCreateSchema>;
export type EventTypeUpdate = z.infer<typeof eventTypeUpdateSchema>;
export type EventTypeJson = z.infer<typeof eventTypeSchema>;
export type EventTypeVersionCreate = z.infer<typeof eventTypeVersionCreateSchema>;
export type EventTypeVersionJson = z.infer<typeof eventTypeVersionSchema>;
export type EventTypeVersionCreatedJson = z.infer<typeof eventTypeVersionCreatedSchema>;
export type SchemaChangeJson = z.infer<typeof schemaChangeSchema>;
