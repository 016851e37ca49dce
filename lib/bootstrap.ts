// Start-up work driven by configuration, done once per launch.
import { db, disconnectDb } from "./db/client";
import { ensureBootstrapAdminKey } from "./auth/api-keys";
import { env } from "./env";
import { logLines } from "./observability/log";

export async function bootstrapFromEnv(log: (line: string) => void = logLines()): Promise<void> {
  const key = env().HOOKYARD_BOOTSTRAP_ADMIN_KEY;
  if (!key) return;
  try {
    if (await ensureBootstrapAdminKey(db(), key)) log("Created the admin API key from HOOKYARD_BOOTSTRAP_ADMIN_KEY");
  } finally {
    await disconnectDb();
  }
}
