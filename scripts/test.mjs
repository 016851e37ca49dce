// `npm test`: unit and integration tests (Vitest, embedded PostgreSQL), then the browser tests
// in Chromium when it is installed — and a plain statement when it is not. Ends with one
// "N passed, N failed" line for the whole run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "test-results");
mkdirSync(resultsDir, { recursive: true });
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const extraArgs = process.argv.slice(2);

function runSuite(name, configArgs) {
  const outputFile = path.join(resultsDir, `${name}.json`);
  const run = spawnSync(
    process.execPath,
    [vitest, "run", ...configArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${outputFile}`, ...extraArgs],
    { stdio: "inherit", cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, "utf8"));
    passed = report.numPassedTests ?? 0;
    failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (run.status !== 0 && failed === 0) failed = 1; // crashed before reporting
  return { passed, failed, skipped, ok: run.status === 0 };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (r) => {
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
};

add(runSuite("unit-integration", []));

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) {
  add(runSuite("e2e", ["--config", "vitest.e2e.config.ts"]));
} else {
  console.log(`\nBrowser tests NOT run: Chromium is not installed at ${chromium}.`);
  console.log("Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH); .ci/run always does.\n");
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
