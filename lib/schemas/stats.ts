import { z } from "zod";
import { isoTime } from "./common";

export const endpointStatsQuery = z.object({
  hours: z.coerce.number().int().min(1).max(24 * 30).default(24),
  endpointId: z.string().max(100).optional(),
});

export const endpointStatsSchema = z
  .object({
    endpointId: z.string(),
    attempts: z.number().meta({ description: "Attempts in the window" }),
    succeeded: z.number(),
    failed: z.number(),
    deliveries: z.number().meta({ description: "Deliveries first attempted in the window" }),
    successRate: z.number().nullable().meta({ description: "Attempt success: succeeded / attempts in the window; null without attempts. Delivery success is deliverySuccessRate" }),
    lastAttemptAt: isoTime.nullable().meta({ description: "The endpoint's latest attempt, whenever it was" }),
    lastSucceeded: z.boolean().nullable(),
    deliveryOutcomes: z
      .object({ succeeded: z.number(), failed: z.number(), pending: z.number(), canceled: z.number() })
      .meta({ description: "The window's newest deliveries (at most 5,000 per endpoint), by where they stand now (a delivery retried to success counts as succeeded)" }),
    deliverySuccessRate: z.number().nullable().meta({ description: "succeeded / (succeeded + failed) of the window's newest 5,000 deliveries per endpoint; null when none has finished" }),
  })
  .meta({ id: "EndpointStats" });

export const endpointStatsListSchema = z
  .object({
    hours: z.number(),
    from: isoTime.meta({
      description: "Start of the window: up to 24 hours, the current minute and the hours × 60 − 1 before it; beyond, the current hour and the hours − 1 before it",
    }),
    data: z.array(endpointStatsSchema),
  })
  .meta({ id: "EndpointStatsList" });

export const overviewQuery = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60)
    .meta({ description: "Window length: a point per minute up to 1440 (24 hours), a point per hour beyond, up to 10080 (7 days)" }),
});

export const overviewSchema = z
  .object({
    minutes: z.number(),
    stepMinutes: z.number().meta({ description: "Minutes per series point: 1, or 60 for windows longer than 24 hours" }),
    from: isoTime,
    to: isoTime,
    totals: z.object({ attempts: z.number(), succeeded: z.number(), failed: z.number() }),
    latency: z
      .object({ p50: z.number().nullable(), p95: z.number().nullable() })
      .meta({ description: "Attempt duration in ms, approximate: read from per-minute histograms with buckets up to a third wide" }),
    series: z
      .array(
        z.object({
          minute: isoTime.meta({ description: "Start of the point's minute (or hour)" }),
          succeeded: z.number(),
          failed: z.number(),
          p50: z.number().nullable(),
          p95: z.number().nullable(),
        }),
      )
      .meta({ description: "One point per step, oldest first, gaps filled with zeros" }),
    failingEndpoints: z.array(
      z.object({
        id: z.string(),
        tenantId: z.string(),
        tenantName: z.string(),
        url: z.string(),
        disabled: z.boolean(),
        disabledReason: z.string().nullable(),
        failingSince: isoTime.nullable(),
        failedAttempts: z.number().meta({ description: "Failed attempts in the window" }),
      }),
    ),
  })
  .meta({ id: "StatsOverview" });

export type EndpointStatsJson = z.infer<typeof endpointStatsSchema>;
export type OverviewJson = z.infer<typeof overviewSchema>;

export const endpointActivitySchema = z
  .object({
    from: isoTime.meta({ description: "Start of the first hour: the current hour and the 23 before it" }),
    series: z.array(
      z.object({
        hour: isoTime,
        deliveries: z.number().meta({ description: "Deliveries first attempted in the hour" }),
        succeeded: z.number().meta({ description: "Attempts that succeeded in the hour" }),
        failed: z.number().meta({ description: "Attempts that failed in the hour" }),
      }),
    ),
  })
  .meta({ id: "EndpointActivity" });

export type EndpointActivityJson = z.infer<typeof endpointActivitySchema>;
