// Builds the app once for the whole e2e run (`npm run build`), unless E2E_SKIP_BUILD=1 and a
// build exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export default function setup() {
  const root = path.resolve(import.meta.dirname, "../../..");
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(root, process.env.HOOKYARD_NEXT_DIST_DIR || ".next", "BUILD_ID"))) return;
  console.log("[e2e] npm run build …");
  const started = Date.now();
  const result = spawnSync("npm", ["run", "build"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error("npm run build failed");
  }
  console.log(`[e2e] built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
