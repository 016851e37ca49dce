import { z } from "zod";
import { idString, isoTime, jsonValue, timestampInput } from "./common";

export const messageCreateSchema = z
  .object({
    eventType: z.string().min(1).max(100),
    version: z.number().int().min(1).max(10_000).optional().meta({
      description: "The event type version the payload is at (default: the latest); validated against that version's schema. It reaches the endpoints that receive a version of the same line (see the README, Versioned event types).",
    }),
    payload: jsonValue.meta({ description: "Any JSON; validated against the event type's schema when it has one" }),
    idempotencyKey: z.string().min(1).max(200).optional().meta({ description: "Or the Idempotency-Key header; the same key within 24 h returns the original message" }),
  })
  .strict()
  .meta({ id: "MessageCreate" });

export const messageListQuery = z.object({
  eventType: z.string().optional(),
  before: timestampInput.optional(),
  after: timestampInput.optional(),
});

export const deliveryStatus = z.enum(["pending", "succeeded", "failed", "canceled"]);
/** A list filter: a status, or "retrying" — pending after at least one failed attempt. */
export const deliveryFilterStatus = z.enum([...deliveryStatus.options, "retrying"]);
export const attemptTrigger = z.enum(["scheduled", "manual", "test"]);
export const errorCategory = z.enum(["http_status", "timeout", "connection_refused", "dns", "tls", "blocked", "interrupted", "other"]);

export const deliverySummarySchema = z
  .object({
    id: idString("dlv"),
    tenantId: z.string(),
    messageId: z.string(),
    endpointId: z.string(),
    endpointUrl: z.string().optional(),
    eventType: z.string(),
    status: deliveryStatus,
    attemptCount: z.number(),
    nextAttemptAt: isoTime.nullable(),
    lastAttemptAt: isoTime.nullable(),
    lastResponseStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    blockedBy: z.string().nullable().optional().meta({
      description: "Ordered endpoints: the earlier delivery this pending one waits behind (the first pending ordered delivery of its endpoint); null when it is not waiting. In lists and the detail.",
    }),
    isTest: z.boolean().optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Delivery" });

export const messageSchema = z
  .object({
    id: idString("msg"),
    tenantId: z.string(),
    eventType: z.string(),
    version: z.number().int().meta({ description: "The event type version it was published at" }),
    payload: jsonValue,
    idempotencyKey: z.string().nullable(),
    isTest: z.boolean(),
    createdAt: isoTime,
    deliveries: z.array(deliverySummarySchema).optional().meta({ description: "Included by GET .../messages/{id}" }),
  })
  .meta({ id: "Message" });

export const attemptSchema = z
  .object({
    id: idString("atm"),
    number: z.number(),
    trigger: attemptTrigger,
    url: z.string(),
    requestHeaders: z.record(z.string(), z.string()).meta({ description: 'To viewers, every value but the webhook-* and standard HTTP headers is "[hidden]"' }),
    requestBody: z.string(),
    responseStatus: z.number().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().meta({ description: "Capped at 64 KiB" }),
    durationMs: z.number(),
    succeeded: z.boolean(),
    errorCategory: errorCategory.nullable(),
    error: z.string().nullable(),
    receiverDirective: z.enum(["gone", "abort"]).nullable().meta({
      description: "What the receiver told Hookyard: `gone` (410 Gone: the endpoint was disabled) or `abort` (`webhook-delivery: abort`: this message is not retried)",
    }),
    startedAt: isoTime,
  })
  .meta({ id: "Attempt" });

export const deliveryDetailSchema = deliverySummarySchema
  .extend({ attempts: z.array(attemptSchema).meta({ description: "Oldest first" }), message: messageSchema.omit({ deliveries: true }) })
  .meta({ id: "DeliveryDetail" });

export const deliveryListQuery = z.object({
  endpointId: z.string().optional(),
  messageId: z.string().optional(),
  status: deliveryFilterStatus.optional().meta({ description: "A status, or retrying: pending after at least one failed attempt" }),
  eventType: z.string().optional(),
  payload: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "A value anywhere in the message payload (a string, or a number, equal to it), e.g. an order id: deliveries of the newest 200 messages holding it" }),
  before: timestampInput.optional(),
  after: timestampInput.optional(),
});

export const retryResultSchema = z
  .object({ deliveryId: z.string(), status: z.literal("pending") })
  .meta({ id: "RetryResult" });

export type MessageCreate = z.infer<typeof messageCreateSchema>;
export type MessageJson = z.infer<typeof messageSchema>;
export type DeliveryJson = z.infer<typeof deliverySummarySchema>;
export type DeliveryDetailJson = z.infer<typeof deliveryDetailSchema>;
export type AttemptJson = z.infer<typeof attemptSchema>;
/** The list filters, as the query string carries them (the dashboard builds the same). */
export type MessageFilters = z.infer<typeof messageListQuery>;
export type DeliveryFilters = z.infer<typeof deliveryListQuery>;
