// Gives each test file a fresh database cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { reloadEnv } from "../../lib/env";
import { disconnectDb } from "../../lib/db/client";

const adminUrl = inject("adminDatabaseUrl");
const template = inject("templateDatabase");
const database = `hy_test_${randomBytes(6).toString("hex")}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

await admin((c) => c.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.HOOKYARD_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.HOOKYARD_DATA_DIR ??= ".data/test";
reloadEnv();

afterAll(async () => {
  await disconnectDb();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});
