// The API's page parameters: `?limit=` (default 50, max 250) and `?cursor=` (the last id of the
// previous page). The pages themselves are keyset pages over time-sortable ids (lib/db/pagination.ts).
import { z } from "zod";
import type { PageQuery } from "../db/pagination";

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().min(1).max(100).optional(),
}) satisfies z.ZodType<PageQuery>;
