// `npm run doctor`: checks a deployment's configuration as `npm start` would run it and says what
// to fix. The database is the configured one (DATABASE_URL), or the embedded cluster in
// HOOKYARD_DATA_DIR if one was created there (started for the check if it is not running).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureEmbeddedPostgres, type RunningDatabase } from "../db/embedded";
import { env, type Env } from "../env";
import {
  checkCapacity,
  checkClock,
  checkEncryptionKey,
  checkExecutor,
  checkExposure,
  checkMigrations,
  checkPublicUrl,
  checkSessionSecret,
  checkSmtp,
  type DoctorContext,
} from "./checks";
import type { Finding } from "./findings";

const CONNECT_TIMEOUT_MS = 5_000;

export interface DoctorResult {
  heading: string;
  findings: Finding[];
}

/** The URL with its password hidden. */
export function maskedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** The key Hookyard would seal secrets with — without generating one. */
function encryptionKeyOf(e: Env): DoctorContext["encryptionKey"] {
  if (process.env.HOOKYARD_ENCRYPTION_KEY) return { value: process.env.HOOKYARD_ENCRYPTION_KEY, source: "HOOKYARD_ENCRYPTION_KEY" };
  const file = path.join(e.dataDir, "secrets.json");
  if (!existsSync(file)) return undefined;
  const key = (JSON.parse(readFileSync(file, "utf8")) as { encryptionKey?: string }).encryptionKey;
  return key ? { value: key, source: `the data directory (${file})` } : undefined;
}

export async function runDoctor(options: { now?: () => number } = {}): Promise<DoctorResult> {
  let e: Env;
  try {
    e = env();
  } catch (err) {
    return { heading: "Hookyard doctor", findings: [{ check: "Configuration", status: "fail", summary: (err as Error).message.replace(/^Invalid Hookyard configuration:\s*/, "").replace(/\n\s*/g, "; "), fix: "Correct those variables (README: Configuration)." }] };
  }
  const production = e.NODE_ENV === "production";
  const findings: Finding[] = [{ check: "Configuration", status: "ok", summary: `valid (${e.NODE_ENV})` }];
  let embedded: RunningDatabase | undefined;
  let databaseUrl = e.DATABASE_URL;
  if (!databaseUrl) {
    if (!existsSync(path.join(e.dataDir, "secrets.json"))) {
      findings.push({ check: "Database", status: production ? "fail" : "info", summary: `no DATABASE_URL, and no embedded database in ${e.dataDir} yet (the first start creates it)`, fix: production ? "Set DATABASE_URL to your PostgreSQL server." : undefined });
    } else {
      embedded = await ensureEmbeddedPostgres(e.dataDir);
      databaseUrl = embedded.url;
    }
  }
  const ctx: DoctorContext = { env: e, production, databaseUrl, encryptionKey: encryptionKeyOf(e), now: options.now };
  const heading = `Hookyard doctor — ${e.NODE_ENV}, database ${databaseUrl ? maskedUrl(databaseUrl) : "none"}${embedded ? " (embedded)" : ""}`;
  try {
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      const started = performance.now();
      try {
        await client.connect();
        const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
        ctx.client = client;
        findings.push({ check: "Database", status: "ok", summary: `PostgreSQL ${rows[0].version} answers (${Math.round(performance.now() - started)} ms)` });
      } catch (err) {
        await client.end().catch(() => {});
        findings.push({
          check: "Database",
          status: "fail",
          summary: `${maskedUrl(databaseUrl)}: ${(err as Error).message}`,
          fix: "Check DATABASE_URL (host, port, user, password, database), that the server runs, and that this machine may reach it.",
        });
      }
    }
    const checks = [checkMigrations, checkEncryptionKey, checkPublicUrl, checkSessionSecret, checkSmtp, checkExecutor, checkClock, checkCapacity, checkExposure];
    for (const check of checks) {
      try {
        findings.push(...(await check(ctx)));
      } catch (err) {
        findings.push({ check: check.name.replace(/^check/, ""), status: "fail", summary: `could not be checked: ${(err as Error).message}` });
      }
    }
  } finally {
    await ctx.client?.end().catch(() => {});
    await embedded?.stop();
  }
  return { heading, findings };
}
