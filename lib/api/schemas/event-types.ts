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
    schema: jsonObject.nullable().optional(),
    examplePayload: jsonValue.nullable().optional(),
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
    schema: jsonObject.nullable(),
    examplePayload: jsonValue.nullable(),
    archived: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "EventType" });

export type EventTypeCreate = z.infer<typeof eventTypeCreateSchema>;
export type EventTypeUpdate = z.infer<typeof eventTypeUpdateSchema>;
export type EventTypeJson = z.infer<typeof eventTypeSchema>;
