// The one Prisma client of a process, over node-postgres (Prisma 7 driver adapter). Kept on
// globalThis so Next's hot reload does not open a new pool per edit.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { createHash } from "node:crypto";
import pg from "pg";
import { Prisma, PrismaClient } from "./generated/client";
import { env } from "../env";
import { reportLiveGauges, type PoolUsage } from "../observability/metrics";

export type Db = PrismaClient;
/** A Prisma client or an interactive-transaction client: what domain functions accept. */
export type DbTx = Prisma.TransactionClient;

const globalForDb = globalThis as unknown as { hookyardDb?: { url: string; client: PrismaClient; pool: pg.Pool } };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start Hookyard with `npm run dev` / `npm start`, which provide the embedded database");
  }
  return url;
}

/**
 * Hot statements (publishing, claiming, recording: many per second) start with a marker comment
 * naming them — `hot("claim")` — and run as named prepared statements: each
 * pooled connection parses them once, PostgreSQL may reuse their plans, and their text is not
 * sent again. Everything else stays unnamed: Prisma's own queries vary in text (IN lists of any
 * length) and would pile up on every connection.
 */
const HOT_MARKER = /^\s*\/\* hy:([a-z0-9-]+) \*\//;
const statementNames = new Map<string, string>();
function preparedStatementName(query: { sql: string }): string | undefined {
  const marker = HOT_MARKER.exec(query.sql);
  if (!marker) return undefined;
  let name = statementNames.get(query.sql);
  if (!name) {
    // One name per distinct text (a statement may come in a few variants).
    name = `hy_${marker[1]}_${createHash("sha1").update(query.sql).digest("hex").slice(0, 16)}`;
    if (statementNames.size > 1_000) statementNames.clear();
    statementNames.set(query.sql, name);
  }
  return name;
}

/** The marker that makes a statement a named prepared statement (see preparedStatementName). */
export function hot(name: string): Prisma.Sql {
  return Prisma.raw(`/* hy:${name} */`);
}

export function db(): PrismaClient {
  const url = databaseUrl();
  const cached = globalForDb.hookyardDb;
  if (cached && cached.url === url) return cached.client;
  const e = env();
  // The pool is ours (not made inside the adapter) so its usage can be reported (metrics).
  const pool = new pg.Pool({
    connectionString: url,
    max: e.HOOKYARD_DB_POOL_SIZE,
    // Also bounds the wait for a pooled connection.
    connectionTimeoutMillis: e.HOOKYARD_DB_CONNECT_TIMEOUT,
    // The server cancels a statement over its time (statement_timeout); the client gives up a
    // moment later in case the server cannot even say so (frozen, or the network gone).
    query_timeout: e.HOOKYARD_DB_QUERY_TIMEOUT + 500,
    keepAlive: true,
    // Prisma stores DateTime as UTC timestamps without zone; a UTC session keeps now() consistent.
    options: `-c TimeZone=UTC -c statement_timeout=${e.HOOKYARD_DB_QUERY_TIMEOUT}`,
  });
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, {
      // Typed as always naming; pg leaves a statement unnamed when the name is undefined.
      statementNameGenerator: preparedStatementName as (query: { sql: string }) => string,
      disposeExternalPool: true,
    }),
  });
  globalForDb.hookyardDb = { url, client, pool };
  reportLiveGauges({ dbPool: dbPoolUsage });
  return client;
}

/** Connections of this process's pool: open, idle, and callers waiting for one. */
function dbPoolUsage(): PoolUsage | undefined {
  const pool = globalForDb.hookyardDb?.pool;
  if (!pool) return undefined;
  return { max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.hookyardDb;
  globalForDb.hookyardDb = undefined;
  await cached?.client.$disconnect();
}
