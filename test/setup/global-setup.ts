// Starts (or finds) the PostgreSQL the tests use and builds a template database with every
// migration applied. Each test file then gets its own database cloned from the template
// (test/setup/database-per-file.ts), so files run in parallel without seeing each other.
// TEST_DATABASE_URL (any database on the server to use, e.g. Debian's PostgreSQL 15 in CI)
// overrides the embedded server.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations, migrationsDir } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function migrationsFingerprint(): string {
  const dir = migrationsDir();
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name).update(readFileSync(path.join(dir, name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

/** Clusters of earlier runs that were killed before their teardown. */
function removeAbandonedClusters(runsDir: string) {
  if (!existsSync(runsDir)) return;
  for (const pid of readdirSync(runsDir)) {
    try {
      process.kill(Number(pid), 0);
    } catch {
      rmSync(path.join(runsDir, pid), { recursive: true, force: true });
    }
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  // Each run gets its own embedded cluster (initdb takes a few seconds), so concurrent runs never
  // stop a server another run is using.
  const runsDir = path.resolve(".data/test-runs");
  removeAbandonedClusters(runsDir);
  const clusterDir = path.join(runsDir, String(process.pid));
  const server = external
    ? { url: external, stop: async () => {} }
    : await ensureEmbeddedPostgres(clusterDir, () => {});
  const adminUrl = withDatabase(server.url, "postgres");
  const template = `hookyard_template_${migrationsFingerprint()}`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
  if (exists.rowCount === 0) {
    const building = `${template}_building_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    await applyMigrations(withDatabase(server.url, building));
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  }
  // Databases left behind by an interrupted earlier run.
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'hy_test_%'");
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
  await admin.end();

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", template);
  return async () => {
    await server.stop();
    if (!external) rmSync(clusterDir, { recursive: true, force: true });
  };
}
