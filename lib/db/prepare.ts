// Everything a process needs before it touches the database: pick it (DATABASE_URL, or the
// embedded cluster in HOOKYARD_DATA_DIR), apply pending migrations, and fill in the secrets the
// embedded default generates (encryption key, next-auth secret). Used by the server launcher
// (scripts/start.ts) and the CLI.
import { env, reloadEnv } from "../env";
import { loadDataDirSecrets } from "./data-dir";
import { ensureEmbeddedPostgres, type RunningDatabase } from "./embedded";
import { applyMigrations } from "./migrate";
import { logLines } from "../observability/log";

export interface PreparedDatabase extends RunningDatabase {
  /** The migrations this call applied, oldest first (empty when the schema was up to date). */
  migrationsApplied: string[];
}

export async function prepareDatabase(log: (line: string) => void = logLines()): Promise<PreparedDatabase> {
  const config = env();
  const secrets = loadDataDirSecrets(config.dataDir);
  if (!process.env.HOOKYARD_ENCRYPTION_KEY) {
    if (config.DATABASE_URL && config.NODE_ENV === "production") {
      log(`HOOKYARD_ENCRYPTION_KEY is not set: using the key generated in ${config.dataDir}; keep that directory or set the key.`);
    }
    process.env.HOOKYARD_ENCRYPTION_KEY = secrets.encryptionKey;
  }
  process.env.NEXTAUTH_SECRET ??= secrets.nextAuthSecret;
  // next-auth builds its callback URLs from NEXTAUTH_URL; the public URL is the same thing.
  if (config.HOOKYARD_PUBLIC_URL) process.env.NEXTAUTH_URL ??= config.HOOKYARD_PUBLIC_URL;

  const database: RunningDatabase = config.DATABASE_URL
    ? { url: config.DATABASE_URL, stop: async () => {}, startedHere: false }
    : await ensureEmbeddedPostgres(config.dataDir, log);
  process.env.DATABASE_URL = database.url;
  reloadEnv();
  try {
    const migrationsApplied = await applyMigrations(database.url);
    for (const name of migrationsApplied) log(`Applied migration ${name}`);
    return { ...database, migrationsApplied };
  } catch (err) {
    await database.stop();
    throw err;
  }
}
