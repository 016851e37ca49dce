// Start-up work done once per launch, before the web server and workers start: the built-in
// operator tenant and Hookyard's own event types, and the admin key from configuration.
import { db, disconnectDb } from "./db/client";
import { ensureBootstrapAdminKey } from "./auth/api-keys";
import { env } from "./env";
import { ensureOperatorTenant } from "./operational-events/tenant";
import { logLines } from "./observability/log";

export async function bootstrapFromEnv(log: (line: string) => void = logLines()): Promise<void> {
  try {
    await ensureOperatorTenant();
    const key = env().HOOKYARD_BOOTSTRAP_ADMIN_KEY;
    if (key && (await ensureBootstrapAdminKey(db(), key))) log("Created the admin API key from HOOKYARD_BOOTSTRAP_ADMIN_KEY");
  } finally {
    await disconnectDb();
  }
}
