// Cumulative PostgreSQL statistics of the bench database (pg_stat_database, pg_stat_user_tables,
// pg_stat_wal), snapshotted around a steady window to count work per delivery.
import pg from "pg";

export interface DbSnapshot {
  xactCommit: number;
  xactRollback: number;
  tupReturned: number;
  tupFetched: number;
  tupInserted: number;
  tupUpdated: number;
  tupDeleted: number;
  blksHit: number;
  blksRead: number;
  walRecords: number;
  walBytes: number;
  tables: Record<string, { ins: number; upd: number; hotUpd: number; del: number; seqScan: number; idxScan: number }>;
  connections: number;
}

export interface StatementStats {
  calls: number;
  execMs: number;
  top: { calls: number; execMs: number; meanMs: number; rows: number; plans: number; planMs: number; query: string }[];
}

export class DbStats {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<DbStats | null> {
    if (!url) return null;
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch {
      return null;
    }
    client.on("error", () => {});
    return new DbStats(client);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  async snapshot(): Promise<DbSnapshot> {
    const db = await this.client.query(
      `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_hit, blks_read
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    const wal = await this.client.query(`SELECT wal_records, wal_bytes FROM pg_stat_wal`).catch(() => ({ rows: [{ wal_records: 0, wal_bytes: 0 }] }));
    const tables = await this.client.query(
      `SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, seq_scan, idx_scan FROM pg_stat_user_tables`,
    );
    const conns = await this.client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`);
    const d = db.rows[0];
    const n = (v: unknown) => Number(v ?? 0);
    return {
      xactCommit: n(d.xact_commit),
      xactRollback: n(d.xact_rollback),
      tupReturned: n(d.tup_returned),
      tupFetched: n(d.tup_fetched),
      tupInserted: n(d.tup_inserted),
      tupUpdated: n(d.tup_updated),
      tupDeleted: n(d.tup_deleted),
      blksHit: n(d.blks_hit),
      blksRead: n(d.blks_read),
      walRecords: n(wal.rows[0].wal_records),
      walBytes: n(wal.rows[0].wal_bytes),
      tables: Object.fromEntries(
        tables.rows.map((r) => [
          r.relname,
          { ins: n(r.n_tup_ins), upd: n(r.n_tup_upd), hotUpd: n(r.n_tup_hot_upd), del: n(r.n_tup_del), seqScan: n(r.seq_scan), idxScan: n(r.idx_scan) },
        ]),
      ),
      connections: n(conns.rows[0].n),
    };
  }

  async analyze(): Promise<void> {
    await this.client.query(`ANALYZE`);
  }

  /** ALTER SYSTEM SET name = value, then reload (settings that need a restart won't apply). */
  async setSystem(name: string, value: string): Promise<void> {
    if (!/^[a-z_.]+$/.test(name)) throw new Error(`bad setting name ${name}`);
    await this.client.query(`ALTER SYSTEM SET ${name} = ${this.client.escapeLiteral(value)}`);
    await this.client.query(`SELECT pg_reload_conf()`);
  }

  /** Turns on pg_stat_statements at the next server restart (it must be preloaded). */
  async preloadStatements(): Promise<void> {
    await this.client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await this.client.query(`ALTER SYSTEM SET pg_stat_statements.track_utility = on`);
    // Planning time too: a prepared statement that is replanned on every run shows here.
    await this.client.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
  }

  /** True once pg_stat_statements is usable (after preloadStatements and a restart). */
  async enableStatements(): Promise<boolean> {
    try {
      await this.client.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
      await this.client.query(`SELECT pg_stat_statements_reset()`);
      return true;
    } catch {
      return false;
    }
  }

  async resetStatements(): Promise<void> {
    await this.client.query(`SELECT pg_stat_statements_reset()`);
  }

  /** The statements run since the last reset (this database, all users), most total time first. */
  async statements(limit = 15): Promise<StatementStats> {
    const all = await this.client.query(
      `SELECT sum(calls)::float8 AS calls, sum(total_exec_time)::float8 AS ms FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat%'`,
    );
    const top = await this.client.query(
      `SELECT calls::float8 AS calls, total_exec_time::float8 AS ms, rows::float8 AS rows, plans::float8 AS plans,
         total_plan_time::float8 AS plan_ms, query FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat%'
       ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return {
      calls: Number(all.rows[0].calls ?? 0),
      execMs: Math.round(Number(all.rows[0].ms ?? 0)),
      top: top.rows.map((r) => ({
        calls: Number(r.calls),
        execMs: Math.round(Number(r.ms) * 10) / 10,
        meanMs: Math.round((Number(r.ms) / Math.max(1, Number(r.calls))) * 1000) / 1000,
        rows: Number(r.rows),
        plans: Number(r.plans),
        planMs: Math.round(Number(r.plan_ms) * 10) / 10,
        query: String(r.query).replace(/\s+/g, " ").slice(0, 300),
      })),
    };
  }

  close() {
    return this.client.end().catch(() => {});
  }
}

/** Work between two snapshots divided by `per` (e.g. deliveries in the window). */
export function perUnit(a: DbSnapshot, b: DbSnapshot, per: number) {
  const r = (v: number) => Math.round((v / per) * 100) / 100;
  const t = (name: string, k: "ins" | "upd" | "hotUpd" | "seqScan" | "idxScan") => r((b.tables[name]?.[k] ?? 0) - (a.tables[name]?.[k] ?? 0));
  return {
    units: per,
    transactions: r(b.xactCommit - a.xactCommit + b.xactRollback - a.xactRollback),
    rowsFetched: r(b.tupFetched - a.tupFetched),
    rowsReturned: r(b.tupReturned - a.tupReturned),
    rowsInserted: r(b.tupInserted - a.tupInserted),
    rowsUpdated: r(b.tupUpdated - a.tupUpdated),
    walBytes: r(b.walBytes - a.walBytes),
    walRecords: r(b.walRecords - a.walRecords),
    deliveryRowUpdates: t("Delivery", "upd"),
    deliveryHotUpdates: t("Delivery", "hotUpd"),
    deliverySeqScans: t("Delivery", "seqScan"),
    deliveryIndexScans: t("Delivery", "idxScan"),
    attemptInserts: t("Attempt", "ins"),
    messageInserts: t("Message", "ins"),
    endpointUpdates: t("Endpoint", "upd"),
    apiKeyUpdates: t("ApiKey", "upd"),
  };
}
