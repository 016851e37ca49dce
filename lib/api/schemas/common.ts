import { z } from "zod";

export const isoTime = z.string().meta({ format: "date-time", example: "2026-11-22T18:00:00.000Z" });
export const idString = (prefix: string) => z.string().meta({ example: `${prefix}_01jd8x3q4b9v2k5n7m1c0a6e8f` });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "validation_failed" }),
      message: z.string(),
      details: z.array(z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });

/** Any JSON value (payloads, examples, schemas). */
export const jsonValue = z.json();
export const jsonObject = z.record(z.string(), z.json());
