import { z } from "zod";
import { idString, isoTime, timestampInput } from "./common";

/** What a replay takes: deliveries in these states, or `missing` — messages the endpoint never got
 * a delivery of (skipped while it was disabled, published before it subscribed). */
export const replayStatus = z.enum(["succeeded", "failed", "canceled", "missing"]);

export const replayCreateSchema = z
  .object({
    statuses: z
      .array(replayStatus)
      .min(1)
      .refine((s) => new Set(s).size === s.length, "must not repeat a status")
      .default(["failed", "canceled"])
      .meta({ description: "Deliveries in these states get one more attempt; `missing` messages get a new delivery (with retries)" }),
    eventTypes: z.array(z.string().min(1).max(100)).max(500).default([]).meta({ description: "Only these event types; empty: every type the endpoint receives" }),
    since: timestampInput.meta({ description: "Messages published at or after this time" }),
    until: timestampInput.optional().meta({ description: "…and before this time (default: now)" }),
    ratePerSecond: z.number().min(0.1).max(1000).default(10).meta({ description: "Pacing: the replay's deliveries fall due this many per second, across every worker (the endpoint's own rate limit still applies)" }),
    dryRun: z.boolean().default(false).meta({ description: "Only count what would be replayed; nothing changes" }),
    idempotencyKey: z.string().min(1).max(200).optional().meta({ description: "The same key for the same endpoint returns the replay it started, and starts nothing" }),
  })
  .strict()
  .refine((r) => !r.until || Date.parse(r.until) > Date.parse(r.since), { path: ["until"], message: "must be after since" })
  .meta({ id: "ReplayCreate" });

const counts = {
  total: z.number().int().meta({ description: "Deliveries the replay takes" }),
  redeliveries: z.number().int().meta({ description: "Existing deliveries given one more attempt" }),
  missing: z.number().int().meta({ description: "Messages the endpoint never got, given a new delivery" }),
};

export const replayDryRunSchema = z
  .object({
    dryRun: z.literal(true),
    ...counts,
    byStatus: z.record(replayStatus, z.number().int()),
    limit: z.number().int().meta({ description: "The most one replay may take; narrow the filter when total is over it" }),
    estimatedSeconds: z.number().meta({ description: "How long it takes at the rate asked" }),
  })
  .meta({ id: "ReplayDryRun" });

export const replaySchema = z
  .object({
    id: idString("rpl"),
    endpointId: z.string(),
    status: z.enum(["running", "completed", "canceled"]),
    filter: z.object({ statuses: z.array(replayStatus), eventTypes: z.array(z.string()), since: isoTime, until: isoTime }),
    ratePerSecond: z.number(),
    ...counts,
    progress: z.object({
      attempted: z.number().int().meta({ description: "Deliveries attempted since the replay started" }),
      succeeded: z.number().int(),
      failed: z.number().int(),
      canceled: z.number().int().meta({ description: "Canceled (the replay was canceled, or the endpoint disabled)" }),
      pending: z.number().int().meta({ description: "Still waiting for their slot, or retrying" }),
    }),
    idempotencyKey: z.string().nullable(),
    createdAt: isoTime,
    estimatedEndAt: isoTime.meta({ description: "When the last delivery falls due, at the rate asked" }),
    finishedAt: isoTime.nullable(),
  })
  .meta({ id: "Replay" });

export type ReplayCreate = z.infer<typeof replayCreateSchema>;
export type ReplayJson = z.infer<typeof replaySchema>;
export type ReplayDryRunJson = z.infer<typeof replayDryRunSchema>;
export type ReplayStatusFilter = z.infer<typeof replayStatus>;
