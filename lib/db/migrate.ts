// Applies pending migrations from prisma/migrations, recording them in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, checksum = sha256 of migration.sql), so
// the stock Prisma CLI agrees with us on any machine. We apply them ourselves because the CLI's
// native schema engine cannot be downloaded everywhere Hookyard must start.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { logger } from "../observability/log";

/** Serializes concurrent starters (two servers, a server and the CLI) on one database. */
const MIGRATION_LOCK_ID = 72_707_001;

export function migrationsDir(): string {
  return path.resolve(process.env.HOOKYARD_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma", "migrations"));
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function applyMigrations(databaseUrl: string, dir = migrationsDir()): Promise<string[]> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    // Prisma's own definition of its bookkeeping table.
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== migration.checksum) {
          logger().warn({ migration: migration.name }, "migration was modified after it was applied (checksum differs)");
        }
        continue;
      }
      if (previous) {
        throw new Error(`Migration ${migration.name} failed earlier and needs manual attention (see _prisma_migrations).`);
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(err as Error).message}`);
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}

export interface MigrationStatus {
  /** In prisma/migrations, not applied to the database. */
  pending: string[];
  /** Started and never finished (a failed `migrate deploy` or start-up). */
  failed: string[];
  /** Applied, but their file changed since. */
  modified: string[];
  /** Applied to the database, not in prisma/migrations: the database is newer than this code. */
  unknown: string[];
}

/** Compares the database with prisma/migrations without changing either (`npm run doctor`). */
export async function migrationStatus(databaseUrl: string, dir = migrationsDir()): Promise<MigrationStatus> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    const rows = table.rows[0].t
      ? (await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
          `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
        )).rows
      : [];
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const known = new Set(migrations.map((m) => m.name));
    return {
      pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name),
      failed: rows.filter((r) => !r.finished_at).map((r) => r.migration_name),
      modified: migrations.filter((m) => applied.get(m.name)?.finished_at && applied.get(m.name)!.checksum !== m.checksum).map((m) => m.name),
      unknown: rows.filter((r) => !known.has(r.migration_name)).map((r) => r.migration_name),
    };
  } finally {
    await client.end();
  }
}
