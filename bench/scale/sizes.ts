// Table and index sizes of the bench database, largest first.
import type pg from "pg";

export interface TableSize {
  table: string;
  rows: number;
  heapBytes: number;
  indexBytes: number;
  totalBytes: number;
  indexes: { name: string; bytes: number }[];
}

export async function tableSizes(client: pg.Client): Promise<TableSize[]> {
  const tables = await client.query<{ table: string; rows: string; heap: string; indexes: string; total: string }>(`
    SELECT c.relname AS table, c.reltuples::bigint AS rows,
           pg_table_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes, pg_total_relation_size(c.oid) AS total
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_total_relation_size(c.oid) > 1024 * 1024
    ORDER BY pg_total_relation_size(c.oid) DESC`);
  const indexes = await client.query<{ table: string; name: string; bytes: string }>(`
    SELECT t.relname AS table, i.relname AS name, pg_relation_size(i.oid) AS bytes
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'
    ORDER BY pg_relation_size(i.oid) DESC`);
  return tables.rows.map((t) => ({
    table: t.table,
    rows: Math.max(0, Number(t.rows)),
    heapBytes: Number(t.heap),
    indexBytes: Number(t.indexes),
    totalBytes: Number(t.total),
    indexes: indexes.rows.filter((i) => i.table === t.table).map((i) => ({ name: i.name, bytes: Number(i.bytes) })),
  }));
}
