import { z } from "zod";

export const isoTime = z.string().meta({ format: "date-time", example: "2026-11-22T18:00:00.000Z" });
/** Instants PostgreSQL can store and JavaScript can show: years 1 to 9999 (year 0 is no year to PostgreSQL). */
const EARLIEST = Date.parse("0001-01-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/** An ISO 8601 date-time input (with Z or an offset), within the years 1 to 9999. */
export const timestampInput = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const t = Date.parse(v);
    return t >= EARLIEST && t <= LATEST;
  }, "must be between the years 0001 and 9999");

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
