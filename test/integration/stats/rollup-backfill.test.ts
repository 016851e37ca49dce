// Upgrading a database that already has attempts: the migration that adds the rollups fills them
// from the existing Attempt rows (through the same trigger function), so the stats of an upgraded
// instance cover its history.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";
import { applyMigrations, migrationsDir } from "../../../lib/db/migrate";
import { rollupDifferences } from "../../helpers/rollups";

const ROLLUPS_MIGRATION = "20261130090231_attempt_rollups";
const adminUrl = inject("adminDatabaseUrl");
const database = `hy_backfill_${randomBytes(6).toString("hex")}`;
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const scratch = mkdtempSync(path.join(os.tmpdir(), "hookyard-migrations-"));

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  rmSync(scratch, { recursive: true, force: true });
});

it("fills the rollups from the attempts recorded before it", async () => {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${database}"`));
  // The schema as it was before the rollups.
  for (const name of readdirSync(migrationsDir())) {
    if (name < ROLLUPS_MIGRATION) cpSync(path.join(migrationsDir(), name), path.join(scratch, name), { recursive: true });
  }
  await applyMigrations(url.toString(), scratch);

  await withClient(url.toString(), async (c) => {
    await c.query(`INSERT INTO "Tenant" (id, name, "updatedAt") VALUES ('ten_1', 'Old', now())`);
    await c.query(`INSERT INTO "Endpoint" (id, "tenantId", url, "eventTypes", "updatedAt")
                   SELECT 'ep_' || n, 'ten_1', 'https://old.example.com/' || n, '{}', now() FROM generate_series(1, 3) n`);
    await c.query(`INSERT INTO "Message" (id, "tenantId", "eventType", payload)
                   SELECT 'msg_' || n, 'ten_1', 'order.completed', '{}' FROM generate_series(1, 300) n`);
    await c.query(`INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", status, "updatedAt")
                   SELECT 'dlv_' || n, 'ten_1', 'msg_' || n, 'ep_' || (1 + n % 3), 'order.completed', 'succeeded', now()
                   FROM generate_series(1, 300) n`);
    // 1–3 attempts per delivery over the last 40 days, durations from 0 ms to 40 s.
    await c.query(`INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders",
                     "durationMs", succeeded, "startedAt")
                   SELECT 'atm_' || n || '_' || k, 'dlv_' || n, 'ten_1', 'ep_' || (1 + n % 3), k, 'scheduled', 'https://old.example.com', '{}',
                          (n * 7919 + k * 104729) % 40000, k = 1 + n % 3,
                          now() AT TIME ZONE 'UTC' - make_interval(secs => (n * 11519 + k * 600) % (40 * 86400))
                   FROM generate_series(1, 300) n CROSS JOIN LATERAL generate_series(1, 1 + n % 3) k`);
  });

  expect(await applyMigrations(url.toString())).toContain(ROLLUPS_MIGRATION);
  await withClient(url.toString(), async (c) => {
    const { rows } = await c.query<{ attempts: number }>(`SELECT sum(attempts)::int AS attempts FROM "AttemptStats" WHERE period = 'hour'`);
    expect(rows[0].attempts).toBe(600);
    expect(await rollupDifferences(c, new Date())).toEqual({ overall: 0, endpoints: 0 });
    // What nothing reads was not kept: minute rows beyond 26 hours, hour rows beyond 32 days.
    const { rows: old } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "EndpointAttemptStats"
       WHERE (period = 'minute' AND at < now() AT TIME ZONE 'UTC' - interval '26 hours')
          OR (period = 'hour' AND at < now() AT TIME ZONE 'UTC' - interval '32 days')`,
    );
    expect(old[0].n).toBe(0);
  });
});
