// Runs `prisma generate` after `npm install`.
// Prisma 7's CLI insists on locating a schema engine binary even for `generate`, which only
// needs the bundled wasm. On machines that cannot download the native engine we point
// PRISMA_SCHEMA_ENGINE_BINARY at our own JSON-RPC shim (scripts/prisma-schema-engine.mjs),
// which is backed by the published wasm engine; elsewhere an already-set value wins.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, "scripts", "prisma-schema-engine.mjs");

const result = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
