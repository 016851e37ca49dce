import { z } from "zod";
import { isoTime } from "./common";

export const endpointStatsQuery = z.object({
  hours: z.coerce.number().int().min(1).max(24 * 30).default(24),
});

export const endpointStatsSchema = z
  .object({
    endpointId: z.string(),
    attempts: z.number().meta({ description: "Attempts in the window" }),
    succeeded: z.number(),
    failed: z.number(),
    deliveries: z.number().meta({ description: "Distinct deliveries attempted in the window" }),
    successRate: z.number().nullable().meta({ description: "succeeded / attempts in the window; null without attempts" }),
    lastAttemptAt: isoTime.nullable().meta({ description: "The endpoint's latest attempt, whenever it was" }),
    lastSucceeded: z.boolean().nullable(),
  })
  .meta({ id: "EndpointStats" });

export const endpointStatsListSchema = z
  .object({ hours: z.number(), data: z.array(endpointStatsSchema) })
  .meta({ id: "EndpointStatsList" });

export const overviewQuery = z.object({
  minutes: z.coerce.number().int().min(5).max(24 * 60).default(60),
});

export const overviewSchema = z
  .object({
    minutes: z.number(),
    from: isoTime,
    to: isoTime,
    totals: z.object({ attempts: z.number(), succeeded: z.number(), failed: z.number() }),
    latency: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).meta({ description: "Attempt duration in ms" }),
    series: z
      .array(
        z.object({
          minute: isoTime,
          succeeded: z.number(),
          failed: z.number(),
          p50: z.number().nullable(),
          p95: z.number().nullable(),
        }),
      )
      .meta({ description: "One point per minute, oldest first, gaps filled with zeros" }),
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
