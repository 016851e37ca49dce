// `npm run doctor` against real deployments' mistakes: a wrong encryption key, pending migrations,
// an unreachable database, no public URL in production, SMTP down or refusing our login, Inngest
// without keys, a clock that drifted — each found and explained, nothing changed.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { reloadEnv } from "../../../lib/env";
import { runDoctor } from "../../../lib/doctor/run";
import type { Finding } from "../../../lib/doctor/findings";
import { post } from "../../helpers/api";
import { adminKey, createTenantWithKey } from "../../helpers/fixtures";

const root = path.resolve(import.meta.dirname, "../../..");
const testDatabaseUrl = process.env.DATABASE_URL!;
const testKey = process.env.HOOKYARD_ENCRYPTION_KEY!;
const GOOD: Record<string, string | undefined> = {
  NODE_ENV: "production",
  DATABASE_URL: testDatabaseUrl,
  HOOKYARD_ENCRYPTION_KEY: testKey,
  HOOKYARD_PUBLIC_URL: "https://hookyard.example.com",
  NEXTAUTH_SECRET: "a-session-secret-for-the-doctor",
  HOOKYARD_METRICS_TOKEN: "a-metrics-token-for-the-doctor",
  HOOKYARD_EXECUTOR: "local",
  HOOKYARD_ALLOW_PRIVATE_URLS: undefined,
  HOOKYARD_SMTP_URL: undefined,
  NEXTAUTH_URL: undefined,
  HOOKYARD_WORKERS: undefined,
  INNGEST_EVENT_KEY: undefined,
  INNGEST_SIGNING_KEY: undefined,
  INNGEST_BASE_URL: undefined,
  INNGEST_DEV: undefined,
};
const saved = Object.fromEntries(Object.keys(GOOD).map((k) => [k, process.env[k]]));

function configure(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries({ ...GOOD, ...vars })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
}

async function doctor(vars: Record<string, string | undefined> = {}, now?: () => number): Promise<Finding[]> {
  configure(vars);
  return (await runDoctor({ now })).findings;
}

const failures = (findings: Finding[]) => findings.filter((f) => f.status === "fail");
const finding = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);

let smtp: SMTPServer;
let smtpPort: number;
let emptyDatabaseUrl: string;
const adminUrl = inject("adminDatabaseUrl");
const emptyDatabase = `hy_test_empty_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  configure({});
  const admin = await adminKey();
  const tenant = await createTenantWithKey(admin, "doctor");
  // An endpoint's signing secret, sealed with the test's encryption key.
  expect((await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: "https://receiver.example/hook" }, tenant.key)).status).toBe(201);

  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _s, cb) => (auth.username === "hookyard" && auth.password === "right" ? cb(null, { user: "hookyard" }) : cb(new Error("Invalid username or password"))),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${emptyDatabase}"`);
  await client.end();
  const u = new URL(adminUrl);
  u.pathname = `/${emptyDatabase}`;
  emptyDatabaseUrl = u.toString();
});

afterEach(() => configure({}));
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${emptyDatabase}" WITH (FORCE)`);
  await client.end();
});

describe("npm run doctor", () => {
  it("finds nothing to fix in a deployment configured as it should be", async () => {
    const findings = await doctor();
    expect(failures(findings)).toEqual([]);
    expect(findings.filter((f) => f.status === "warn")).toEqual([]);
    expect(finding(findings, "Database")[0].summary).toMatch(/^PostgreSQL \d+/);
    expect(finding(findings, "Migrations")).toEqual([expect.objectContaining({ status: "ok", summary: "all applied" })]);
    expect(finding(findings, "Encryption key")[0]).toMatchObject({ status: "ok", summary: expect.stringContaining("decrypts the 1 stored secrets") });
    expect(finding(findings, "Clock")[0].status).toBe("ok");
  });

  it("finds an encryption key that does not open the stored secrets", async () => {
    const [key] = finding(await doctor({ HOOKYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") }), "Encryption key");
    expect(key).toMatchObject({ status: "fail", summary: expect.stringContaining("1 of 1 stored endpoint secrets do not decrypt") });
    expect(key.fix).toContain("HOOKYARD_ENCRYPTION_KEY");
  });

  it("finds a malformed encryption key", async () => {
    const [key] = finding(await doctor({ HOOKYARD_ENCRYPTION_KEY: "too-short" }), "Encryption key");
    expect(key).toMatchObject({ status: "fail", summary: expect.stringContaining("must be 32 bytes") });
  });

  it("finds a database that was never migrated, without migrating it", async () => {
    const [migrations] = finding(await doctor({ DATABASE_URL: emptyDatabaseUrl }), "Migrations");
    expect(migrations).toMatchObject({ status: "fail", summary: expect.stringMatching(/^\d+ not applied: \d+_init/), fix: expect.stringContaining("npm run cli -- migrate") });
    const client = new pg.Client({ connectionString: emptyDatabaseUrl });
    await client.connect();
    const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    await client.end();
    expect(tables.rows[0].n).toBe(0);
  });

  it("finds a database it cannot reach, without printing its password", async () => {
    const findings = await doctor({ DATABASE_URL: "postgresql://hookyard:s3cret-pw@127.0.0.1:1/hookyard" });
    const [database] = finding(findings, "Database");
    expect(database).toMatchObject({ status: "fail", fix: expect.stringContaining("DATABASE_URL") });
    expect(JSON.stringify(findings)).not.toContain("s3cret-pw");
    expect(database.summary).toContain("postgresql://hookyard:***@127.0.0.1:1/hookyard");
  });

  it("wants a public URL in production, and https", async () => {
    expect(finding(await doctor({ HOOKYARD_PUBLIC_URL: undefined, NEXTAUTH_URL: undefined }), "Public URL")[0]).toMatchObject({ status: "fail", summary: "not set" });
    expect(finding(await doctor({ HOOKYARD_PUBLIC_URL: "http://hookyard.example.com" }), "Public URL")[0].status).toBe("warn");
    expect(finding(await doctor({ NODE_ENV: "development", HOOKYARD_PUBLIC_URL: undefined }), "Public URL")[0].status).toBe("info");
  });

  it("logs in to the SMTP server, and says why it could not", async () => {
    const ok = finding(await doctor({ HOOKYARD_SMTP_URL: `smtp://hookyard:right@127.0.0.1:${smtpPort}` }), "SMTP")[0];
    expect(ok).toMatchObject({ status: "ok", summary: `127.0.0.1:${smtpPort} accepts our connection and login` });
    const refused = finding(await doctor({ HOOKYARD_SMTP_URL: `smtp://hookyard:wrong@127.0.0.1:${smtpPort}` }), "SMTP")[0];
    expect(refused).toMatchObject({ status: "fail", summary: expect.stringMatching(/Invalid (username or password|login)/i) });
    const down = finding(await doctor({ HOOKYARD_SMTP_URL: "smtp://hookyard:right@127.0.0.1:1" }), "SMTP")[0];
    expect(down).toMatchObject({ status: "fail", summary: expect.stringContaining("ECONNREFUSED") });
  });

  it("wants Inngest's keys with that executor, and its server to answer", async () => {
    const missing = finding(await doctor({ HOOKYARD_EXECUTOR: "inngest" }), "Inngest");
    expect(missing).toEqual([expect.objectContaining({ status: "fail", summary: "INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY not set" })]);
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const good = finding(await doctor({ HOOKYARD_EXECUTOR: "inngest", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod-0123abcd", INNGEST_BASE_URL: base }), "Inngest");
      expect(good.map((f) => f.status)).toEqual(["ok", "ok"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const gone = finding(await doctor({ HOOKYARD_EXECUTOR: "inngest", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod-0123abcd", INNGEST_BASE_URL: base }), "Inngest");
    expect(gone[1]).toMatchObject({ status: "fail", summary: expect.stringContaining("does not answer") });
    expect(finding(await doctor({ HOOKYARD_EXECUTOR: "inngest", INNGEST_DEV: "1" }), "Inngest")[0].status).toBe("warn");
  });

  it("measures the clock against the database's", async () => {
    const ahead = (ms: number) => () => Date.now() + ms;
    expect(finding(await doctor({}, ahead(0)), "Clock")[0].status).toBe("ok");
    expect(finding(await doctor({}, ahead(-2_500)), "Clock")[0]).toMatchObject({ status: "warn", summary: expect.stringMatching(/^database ahead by 2[45]\d\d ms/) });
    const behind = finding(await doctor({}, ahead(60_000)), "Clock")[0];
    expect(behind).toMatchObject({ status: "fail", summary: expect.stringMatching(/^database behind by \d+ ms/) });
    expect(Number(/by (\d+) ms/.exec(behind.summary)![1])).toBeGreaterThan(59_000);
  });

  it("names the invalid setting when the configuration does not parse", async () => {
    const findings = await doctor({ HOOKYARD_WORKERS: "lots" });
    expect(findings).toEqual([expect.objectContaining({ check: "Configuration", status: "fail", summary: expect.stringMatching(/^HOOKYARD_WORKERS: /) })]);
  });

  it("runs as `npm run doctor`: a report and exit 0, or what to fix and exit 1", async () => {
    const run = (vars: Record<string, string | undefined>, ...args: string[]) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, ...GOOD, ...vars };
      for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
      return promisify(execFile)("npm", ["run", "--silent", "doctor", "--", ...args], { cwd: root, env: childEnv, timeout: 60_000 }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
      );
    };
    const good = await run({}, "--json");
    expect(good.code, good.stdout).toBe(0);
    expect(JSON.parse(good.stdout).findings).toContainEqual(expect.objectContaining({ check: "Migrations", status: "ok" }));
    const bad = await run({ HOOKYARD_PUBLIC_URL: undefined });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ Public URL\s+not set\n\s+→ Set HOOKYARD_PUBLIC_URL/);
    expect(bad.stdout).toMatch(/1 problem to fix/);
  }, 90_000);
});
