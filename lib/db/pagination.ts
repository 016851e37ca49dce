// Keyset pagination over time-sortable ids, newest first: a page is `limit` rows before `cursor`
// (the last id of the previous page), so rows inserted meanwhile never shift a page. The API reads
// `?limit=&cursor=` with lib/api/pagination.ts.
import { firstIdAt, type IdKind } from "../ids";

export interface PageQuery {
  limit: number;
  cursor?: string;
}

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

/**
 * How far apart a row's id time (the server's clock when it made the id) and its createdAt (the
 * database's clock at the insert) may be for the time filters below to stay exact.
 */
export const ID_CLOCK_SLACK_MS = 60_000;

/**
 * Prisma where for `?after=` / `?before=` (both exclusive) on a list of `kind` rows. createdAt
 * decides; the id bounds, widened by ID_CLOCK_SLACK_MS, let the list's id-ordered index scan start
 * and stop at the window instead of walking from the newest row through everything after it.
 */
export function createdWithin(kind: IdKind, f: { before?: string; after?: string }) {
  const after = f.after ? new Date(f.after) : undefined;
  const before = f.before ? new Date(f.before) : undefined;
  if (!after && !before) return {};
  return {
    createdAt: { gt: after, lt: before },
    AND: [
      ...(after ? [{ id: { gte: firstIdAt(kind, after.getTime() - ID_CLOCK_SLACK_MS) } }] : []),
      ...(before ? [{ id: { lt: firstIdAt(kind, before.getTime() + ID_CLOCK_SLACK_MS) } }] : []),
    ],
  };
}
