// Issue 11, item 9: the SDK's generated files are what the code generates now (else: run
// `npm run sdk:generate`), the document is the one the server serves, and the package builds.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { get } from "../../helpers/api";
import { SDK_FILES, staleSdkFiles } from "../../../scripts/generate-sdk";

const root = path.resolve(import.meta.dirname, "../../..");

describe("the SDK", () => {
  it("has generated files that match the code (else run `npm run sdk:generate`)", async () => {
    expect(await staleSdkFiles(), "stale SDK files: run `npm run sdk:generate` and commit them").toEqual([]);
  });

  it("is generated from the very document GET /api/v1/openapi.json serves", async () => {
    const served = await get("/api/v1/openapi.json");
    expect(served.status).toBe(200);
    expect(JSON.parse(readFileSync(SDK_FILES.document, "utf8"))).toEqual(served.body);
  });

  it("builds as a package of its own (sdk/, tsc to dist/ with declarations)", () => {
    const out = mkdtempSync(path.join(tmpdir(), "hookyard-sdk-"));
    try {
      execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "sdk/tsconfig.json"), "--outDir", out], { stdio: "pipe" });
      for (const file of ["index.js", "index.d.ts", "schema.d.ts"]) expect(existsSync(path.join(out, file)), file).toBe(true);
      const pkg = JSON.parse(readFileSync(path.join(root, "sdk/package.json"), "utf8"));
      const installed = JSON.parse(readFileSync(path.join(root, "node_modules/openapi-fetch/package.json"), "utf8"));
      expect(pkg.dependencies["openapi-fetch"]).toBe(installed.version);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
