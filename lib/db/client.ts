// The Prisma clients of a process, over node-postgres (Prisma 7 driver adapter): db() for
// everything, keptPlanDb() for the few statements written to run on one kept plan (see "Plans"
// below), and hotQuery() for the hot statements, straight on the same pools. Kept on globalThis
// so Next's hot reload does not open new pools per edit.
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

interface Connected {
  url: string;
  client: PrismaClient;
  pool: pg.Pool;
}
const globalForDb = globalThis as unknown as { hookyardDb?: Connected; hookyardKeptPlanDb?: Connected };

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
  return defaultConnection().client;
}

function defaultConnection(): Connected {
  const url = databaseUrl();
  const cached = globalForDb.hookyardDb;
  if (cached && cached.url === url) return cached;
  globalForDb.hookyardDb = connect(url, env().HOOKYARD_DB_POOL_SIZE, "");
  reportLiveGauges({ dbPool: dbPoolUsage });
  return globalForDb.hookyardDb;
}

/**
 * Plans. PostgreSQL plans a named prepared statement for the values of its first runs, then
 * keeps one generic plan — unless that plan's estimate is higher than the custom ones'. The
 * worker's claims and records take arrays (unnest), which a generic plan costs at 100 rows and a
 * custom one at their real length: so PostgreSQL planned them again on every run, ~3 ms of CPU
 * per claim, more than running it (pg_stat_statements with track_planning, a steady 200
 * messages/s: 857 plans for 858 claims). This client's connections always keep the generic plan
 * (plan_cache_mode = force_generic_plan; KEPT_PLAN_SETTINGS). Only statements written for that
 * may use it: every LIMIT a constant in the text (a LIMIT parameter is costed as a tenth of the
 * table), and every condition a partial index depends on (`status = 'pending'`) a literal, which
 * a generic plan can still match to the index.
 */
export function keptPlanDb(): PrismaClient {
  return keptPlanConnection().client;
}

/**
 * The session settings of keptPlanDb()'s connections. A kept plan is made once, from the
 * statistics of its day, and kept until they change. Made while little was due, the claim's plan
 * found the oldest due rows by reading every due row and sorting them — by a bitmap scan, a
 * sequential scan, or a walk of the pending index by endpoint, depending on what the statistics
 * said — so each claim read the whole due backlog (3,000 of 3,000 in kept-plans.test.ts), until
 * the next ANALYZE. Without bitmap scans, sequential scans and sorts, the ordered walk of
 * Delivery_pending_nextAttemptAt_id_idx is the one way to the oldest rows, and it stops at the
 * LIMIT. No statement on this pool needs any of them on a table: they look rows up by id, or walk
 * an index in order; what they sort is their own few rows (a claim's ranking), which every plan
 * sorts alike, so disabling sorts only rules out sorting table rows.
 * Before PostgreSQL 18 a disabled node is costed 10^10 rather than left out, so every claim plan
 * looks costly enough for JIT compilation, where the server has it (Debian's 15 does; the embedded
 * one does not): 170 functions compiled per run, 1.2–3 s of a claim that runs in 0.4 ms. Nothing
 * on this pool runs long enough to gain from JIT, so it is off.
 */
export const KEPT_PLAN_SETTINGS = {
  plan_cache_mode: "force_generic_plan",
  enable_bitmapscan: "off",
  enable_seqscan: "off",
  enable_sort: "off",
  jit: "off",
} as const;

function keptPlanConnection(): Connected {
  const url = databaseUrl();
  const cached = globalForDb.hookyardKeptPlanDb;
  if (cached && cached.url === url) return cached;
  const settings = Object.entries(KEPT_PLAN_SETTINGS).map(([name, value]) => ` -c ${name}=${value}`).join("");
  globalForDb.hookyardKeptPlanDb = connect(url, keptPlanPoolSize(env().HOOKYARD_DB_POOL_SIZE), settings);
  reportLiveGauges({ dbPool: dbPoolUsage });
  return globalForDb.hookyardKeptPlanDb;
}

/**
 * Hot statements run straight on node-postgres, on the same pools as the Prisma clients: through
 * Prisma's $queryRaw each one cost the web server and the workers more CPU than node-postgres
 * itself (its engine serialises every argument, then maps every value of every row by column
 * type). Results come back as $queryRaw gives them: a timestamp (UTC, without zone, as Prisma
 * stores DateTime) as a Date, an int8 as a BigInt, json as its value. A Date argument is sent as
 * its UTC time: node-postgres would send local time, which a column without zone keeps as is.
 * Errors are node-postgres's own (lib/db/errors.ts and availability.ts tell them apart).
 * Only for statements outside a transaction; `pool` picks keptPlanDb()'s sessions.
 */
export async function hotQuery<T>(sql: Prisma.Sql, pool: "default" | "keptPlan" = "default"): Promise<{ rows: T[]; rowCount: number }> {
  const connected = pool === "keptPlan" ? keptPlanConnection() : defaultConnection();
  const text = sql.text;
  const result = await connected.pool.query<T & pg.QueryResultRow>({
    name: preparedStatementName({ sql: text }),
    text,
    values: sql.values.map(hotArgument),
    types: hotTypes,
  });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

function hotArgument(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(hotArgument);
  return value;
}

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const hotTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

/** The connections of keptPlanDb's pool: a process runs one claim and one record statement at a
 * time (the executor claims in turn, the recorder batches); the rest is headroom. */
export function keptPlanPoolSize(poolSize: number): number {
  return Math.min(4, poolSize);
}

const WARM_CONNECTIONS = 4;

function connect(url: string, max: number, settings: string): Connected {
  const e = env();
  // The pool is ours (not made inside the adapter) so its usage can be reported (metrics).
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A few connections stay open for good, the rest a minute after their last use (pg's default
    // is 10 s): a new one costs a backend start, authentication and cold catalog caches. After
    // 20 s without publishes, the first second of a steady 200/s stalled 230–310 ms while the
    // web server's pool refilled (bench/README.md, Round 7).
    min: Math.min(WARM_CONNECTIONS, max),
    idleTimeoutMillis: 60_000,
    // Idle connections keep no process alive: a script that ends without disconnecting still
    // exits. Servers keep themselves alive (the web server its HTTP server, a worker its own
    // handle: lib/runtime/worker.ts).
    allowExitOnIdle: true,
    // Also bounds the wait for a pooled connection.
    connectionTimeoutMillis: e.HOOKYARD_DB_CONNECT_TIMEOUT,
    // The server cancels a statement over its time (statement_timeout); the client gives up a
    // moment later in case the server cannot even say so (frozen, or the network gone).
    query_timeout: e.HOOKYARD_DB_QUERY_TIMEOUT + 500,
    keepAlive: true,
    // Prisma stores DateTime as UTC timestamps without zone; a UTC session keeps now() consistent.
    options: `-c TimeZone=UTC -c statement_timeout=${e.HOOKYARD_DB_QUERY_TIMEOUT}${settings}`,
  });
  // A pooled connection that breaks while idle (the database restarted or dropped it) is thrown
  // away by the pool, which then emits "error": unheard, that would end the process. The next
  // query simply opens a new connection; a query that fails says so itself.
  pool.on("error", () => {});
  // The same for a connection between the pool's hands and its user's: a checked-out client
  // that is not running a query has no listener of the pool's, and a worker died of PostgreSQL's
  // "terminating connection due to administrator command" arriving then (CI, the database
  // stopped mid-drain). Whoever holds it learns of it from its next query.
  pool.on("connect", (client) => client.on("error", () => {}));
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, {
      // Typed as always naming; pg leaves a statement unnamed when the name is undefined.
      statementNameGenerator: preparedStatementName as (query: { sql: string }) => string,
      disposeExternalPool: true,
    }),
  });
  return { url, client, pool };
}

/** Connections of this process's pools: open, idle, and callers waiting for one. */
function dbPoolUsage(): PoolUsage | undefined {
  const pools = [globalForDb.hookyardDb?.pool, globalForDb.hookyardKeptPlanDb?.pool].filter((p) => p !== undefined);
  if (pools.length === 0) return undefined;
  const sum = (f: (p: pg.Pool) => number) => pools.reduce((n, p) => n + f(p), 0);
  return { max: sum((p) => p.options.max ?? 10), total: sum((p) => p.totalCount), idle: sum((p) => p.idleCount), waiting: sum((p) => p.waitingCount) };
}

export async function disconnectDb(): Promise<void> {
  const connected = [globalForDb.hookyardDb, globalForDb.hookyardKeptPlanDb];
  globalForDb.hookyardDb = undefined;
  globalForDb.hookyardKeptPlanDb = undefined;
  await Promise.all(connected.map((c) => c?.client.$disconnect()));
}
