import { z } from "zod";
import { isReservedHeader } from "../http/reserved-headers";
import { idString, isoTime, jsonValue, timestampInput } from "./common";

/** Shown instead of a custom header's value to callers who may not read it (viewers). */
export const HIDDEN_HEADER_VALUE = "[hidden]";

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const customHeaders = z
  .record(z.string(), z.string().max(4096).regex(/^[^\r\n]*$/, "must be a single line"))
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is not a valid header name` });
      else if (isReservedHeader(name)) ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is set by Hookyard or controls the connection: it cannot be set` });
    }
    if (Object.keys(headers).length > 20) ctx.addIssue({ code: "custom", message: "at most 20 custom headers" });
  });

const endpointUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

const endpointFields = {
  url: endpointUrl,
  description: z.string().max(1000),
  eventTypes: z
    .array(z.string().min(1).max(100))
    .max(500)
    .refine((names) => new Set(names).size === names.length, "must not repeat a name")
    .meta({ description: "Event type names to receive; empty or absent = all" }),
  disabled: z.boolean(),
  headers: customHeaders,
  rateLimitPerSecond: z.number().int().min(1).max(100_000).nullable(),
  timeoutMs: z.number().int().min(100).max(30_000).nullable().meta({ description: "Default 15000; at most 30000" }),
  pinnedVersions: z
    .record(z.string().min(1).max(100), z.number().int().min(1).max(10_000))
    .refine((pins) => Object.keys(pins).length <= 500, "at most 500 pins")
    .meta({
      description:
        'The version each event type is received at, e.g. {"order.completed": 1}: messages published at a version of that version\'s line (no breaking version between them). A type not named follows its latest version. Adding a breaking version pins the endpoints that receive the type to the version before it.',
    }),
  ordered: z.boolean().meta({
    description: "Ordered delivery: one message in flight at a time, in publish order; a failing message holds back later ones until it succeeds or gives up. Applies to messages published from then on.",
  }),
};

export const endpointCreateSchema = z
  .object({
    ...endpointFields,
    description: endpointFields.description.default(""),
    eventTypes: endpointFields.eventTypes.default([]),
    disabled: endpointFields.disabled.default(false),
    headers: endpointFields.headers.default({}),
    rateLimitPerSecond: endpointFields.rateLimitPerSecond.default(null),
    timeoutMs: endpointFields.timeoutMs.default(null),
    ordered: endpointFields.ordered.default(false),
    pinnedVersions: endpointFields.pinnedVersions.default({}),
    secret: z.string().optional().meta({ description: "Bring your own `whsec_...` secret; generated when absent" }),
  })
  .strict()
  .meta({ id: "EndpointCreate" });

export const endpointUpdateSchema = z.object(endpointFields).partial().strict().meta({ id: "EndpointUpdate" });

export const endpointSchema = z
  .object({
    id: idString("ep"),
    tenantId: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    disabled: z.boolean(),
    disabledReason: z.string().nullable(),
    headers: z.record(z.string(), z.string()).meta({ description: `Custom headers; to viewers every value is "${HIDDEN_HEADER_VALUE}"` }),
    rateLimitPerSecond: z.number().nullable(),
    timeoutMs: z.number().nullable(),
    ordered: z.boolean(),
    pinnedVersions: z.record(z.string(), z.number().int()),
    failingSince: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Endpoint" });

export const endpointSecretSchema = z
  .object({
    secret: z.string().meta({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
    previousSecretExpiresAt: isoTime.nullable().meta({ description: "Until when the previous secret still signs (a second signature) after a rotation; null when it no longer does" }),
  })
  .meta({ id: "EndpointSecret" });

// ---- The endpoint's actions: rotate its secret, send it a test event, recover failed deliveries ----

export const testEventSchema = z
  .object({ eventType: z.string().min(1).max(100).optional(), payload: jsonValue.optional() })
  .strict()
  .meta({ id: "TestEvent" });

export const rotateSecretSchema = z
  .object({
    graceSeconds: z.number().int().min(0).max(7 * 86400).default(86400),
    secret: z.string().optional(),
  })
  .strict()
  .meta({ id: "SecretRotate" });

export const recoverSchema = z
  .object({
    since: timestampInput,
    dryRun: z.boolean().default(false).meta({ description: "Only count: answers wouldRequeue and changes nothing" }),
  })
  .strict()
  .meta({ id: "Recover" });

export const testEventResultSchema = z
  .object({ messageId: z.string(), deliveryId: z.string() })
  .meta({ id: "TestEventResult" });
export const recoverResultSchema = z
  .object({
    requeued: z.number().int().meta({ description: "Deliveries given a new attempt" }),
    dryRun: z.literal(true).optional(),
    wouldRequeue: z.number().int().optional().meta({ description: "With dryRun: how many deliveries a recovery would give a new attempt" }),
  })
  .meta({ id: "RecoverResult" });

export type EndpointCreate = z.infer<typeof endpointCreateSchema>;
export type EndpointUpdate = z.infer<typeof endpointUpdateSchema>;
export type EndpointJson = z.infer<typeof endpointSchema>;
export type EndpointSecretJson = z.infer<typeof endpointSecretSchema>;
