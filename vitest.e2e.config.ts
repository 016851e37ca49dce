// Browser and whole-server tests: run against `npm run build` output served by the real launcher.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts", "test/e2e/setup/build.ts"],
    setupFiles: ["test/setup/database-per-file.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { NODE_ENV: "test", HOOKYARD_EXECUTOR: "none" },
  },
});
