// Keyset pagination over time-sortable ids, newest first: `?limit=` (default 50, max 250) and
// `?cursor=` (the last id of the previous page). Rows inserted meanwhile never shift a page.
import { z } from "zod";

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().min(1).max(100).optional(),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Prisma arguments for one page: fetch one extra row to know whether another page follows. */
export function pageArgs(page: PageQuery) {
  return {
    where: page.cursor ? { id: { lt: page.cursor } } : {},
    orderBy: { id: "desc" as const },
    take: page.limit + 1,
  };
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function toPage<Row extends { id: string }, T>(rows: Row[], page: PageQuery, toJson: (row: Row) => T): Page<T> {
  const hasMore = rows.length > page.limit;
  const visible = hasMore ? rows.slice(0, page.limit) : rows;
  return { data: visible.map(toJson), nextCursor: hasMore ? visible[visible.length - 1].id : null };
}
