// The CLI as an operator uses it: a real child process on the test file's database, judged by
// its output, its exit code, and what the API then does with what it created.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { verifyPassword } from "../../../lib/users/passwords";
import { db } from "../../../lib/db/client";
import { migrationsDir } from "../../../lib/db/migrate";
import { get } from "../../helpers/api";
import { runCli } from "../../helpers/cli";

const COMMANDS = [
  "keys create",
  "keys list",
  "keys revoke",
  "tenants create",
  "tenants list",
  "tenants add-member",
  "users create",
  "users list",
  "migrate",
];

describe("cli: help and usage errors", () => {
  it("lists every command with its flags for --help, help and no arguments", async () => {
    const [flag, word, none] = await Promise.all([runCli(["--help"]), runCli(["help"]), runCli([])]);
    for (const r of [flag, word, none]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(flag.stdout);
    }
    for (const command of COMMANDS) expect(flag.stdout).toContain(`  ${command}`);
    for (const f of ["--admin", "--tenant TENANT", "--name NAME", "--uid UID", "--email EMAIL", "--password PASSWORD", "--role owner|member|viewer", "--json"]) {
      expect(flag.stdout).toContain(f);
    }
  });

  it("exits 2 with the message and help on stderr for unknown commands, flags and bad values", async () => {
    const [flag, command, missing, both, role] = await Promise.all([
      runCli(["keys", "create", "--admin", "--name", "x", "--colour", "red"]),
      runCli(["frobnicate"]),
      runCli(["tenants", "create"]),
      runCli(["keys", "create", "--admin", "--tenant", "acme", "--name", "x"]),
      runCli(["tenants", "add-member", "--tenant", "t", "--email", "a@b.co", "--role", "boss"]),
    ]);
    expect(flag).toMatchObject({ code: 2, stdout: "" });
    expect(flag.stderr).toContain("Unknown flag --colour");
    expect(flag.stderr).toContain("Usage: npm run cli -- keys create");
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "frobnicate"');
    expect(command.stderr).toContain("tenants add-member");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing --name NAME");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("either --admin or --tenant");
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role must be one of owner, member, viewer");
  });
});

// Each test here starts several CLI processes (a few seconds each on a busy machine).
describe("cli: keys and tenants", { timeout: 120_000 }, () => {
  it("keys create --admin --json prints a key that works against the API, once", async () => {
    const res = await runCli(["keys", "create", "--admin", "--name", "deploy", "--json"]);
    expect(res.code).toBe(0);
    const created = res.json();
    expect(created.key).toMatch(/^hy_/);
    expect(created.id).toMatch(/^key_/);
    expect(created).toMatchObject({ name: "deploy", scope: "admin", tenantId: null });
    expect((await get("/api/v1/tenants", created.key)).status).toBe(200);

    const listed = await runCli(["keys", "list", "--json"]);
    expect(listed.json().data.map((k: { id: string }) => k.id)).toContain(created.id);
    expect(listed.stdout).not.toContain(created.key);

    const human = await runCli(["keys", "create", "--admin", "--name", "by hand"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/cannot be shown again/);
    const humanKey = /hy_\S+/.exec(human.stdout)![0];
    expect((await get("/api/v1/tenants", humanKey)).status).toBe(200);
  });

  it("a tenant key made for a uid sees only that tenant", async () => {
    const acme = await runCli(["tenants", "create", "--name", "Acme", "--uid", "acme", "--json"]);
    expect(acme.code).toBe(0);
    expect(acme.json()).toMatchObject({ name: "Acme", uid: "acme" });
    const other = (await runCli(["tenants", "create", "--name", "Other", "--json"])).json();

    const res = await runCli(["keys", "create", "--tenant", "acme", "--name", "acme backend", "--json"]);
    expect(res.code).toBe(0);
    const { key, scope, tenantId } = res.json();
    expect({ scope, tenantId }).toEqual({ scope: "tenant", tenantId: acme.json().id });

    const visible = await get("/api/v1/tenants", key);
    expect(visible.status).toBe(200);
    expect(visible.body.data.map((t: { id: string }) => t.id)).toEqual([acme.json().id]);
    expect((await get(`/api/v1/tenants/${other.id}`, key)).status).toBe(404);

    const list = await runCli(["tenants", "list"]);
    expect(list.stdout).toMatch(/ID\s+UID\s+NAME/);
    expect(list.stdout).toContain("acme");
    expect(list.stdout).toContain(other.id);
    const keys = (await runCli(["keys", "list", "--tenant", acme.json().id, "--json"])).json();
    expect(keys.data.map((k: { name: string }) => k.name)).toEqual(["acme backend"]);
  });

  it("refuses a duplicate uid and an unknown tenant with exit 1 and a clear message", async () => {
    expect((await runCli(["tenants", "create", "--name", "First", "--uid", "dup"])).code).toBe(0);
    const [dup, unknown] = await Promise.all([
      runCli(["tenants", "create", "--name", "Second", "--uid", "dup"]),
      runCli(["keys", "create", "--tenant", "no-such-tenant", "--name", "x", "--json"]),
    ]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('A tenant with uid "dup" already exists');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain('Tenant "no-such-tenant" not found');
    expect(await db().tenant.count({ where: { uid: "dup" } })).toBe(1);
  });

  it("keys revoke makes the key stop working", async () => {
    const { key, id } = (await runCli(["keys", "create", "--admin", "--name", "short-lived", "--json"])).json();
    const revoked = await runCli(["keys", "revoke", id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key "short-lived" (${id})`);
    expect((await get("/api/v1/tenants", key)).status).toBe(401);
    const unknown = await runCli(["keys", "revoke", "key_nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("API key key_nope not found");
  });
});

describe("cli: dashboard users", { timeout: 120_000 }, () => {
  it("users create stores an scrypt hash of the password; bad input and taken emails exit 1", async () => {
    const res = await runCli(["users", "create", "--email", "  Ops@Example.COM ", "--password", "correct horse", "--admin", "--name", "Ops", "--json"]);
    expect(res.code).toBe(0);
    expect(res.json()).toMatchObject({ email: "ops@example.com", name: "Ops", isAdmin: true });
    expect(res.stdout).not.toContain("scrypt");

    const user = await db().user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse", user.passwordHash!)).toBe(true);
    expect(await verifyPassword("correct horse!", user.passwordHash!)).toBe(false);

    const [taken, short, stdin] = await Promise.all([
      runCli(["users", "create", "--email", "ops@example.com", "--password", "another one"]),
      runCli(["users", "create", "--email", "new@example.com", "--password", "short"]),
      runCli(["users", "create", "--email", "piped@example.com", "--password-stdin"], { input: "from stdin 123\n" }),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("A user with email ops@example.com already exists");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("password: must be at least 8 characters");
    expect(stdin.code).toBe(0);
    const piped = await db().user.findUniqueOrThrow({ where: { email: "piped@example.com" } });
    expect(await verifyPassword("from stdin 123", piped.passwordHash!)).toBe(true);
    expect(piped.isAdmin).toBe(false);
  });

  it("tenants add-member adds a user to a tenant, then changes their role", async () => {
    const tenant = (await runCli(["tenants", "create", "--name", "Team", "--uid", "team", "--json"])).json();
    expect((await runCli(["users", "create", "--email", "dev@example.com", "--password", "password123"])).code).toBe(0);

    const added = await runCli(["tenants", "add-member", "--tenant", "team", "--email", "DEV@example.com", "--role", "viewer"]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("dev@example.com is now a viewer of Team");
    const changed = await runCli(["tenants", "add-member", "--tenant", tenant.id, "--email", "dev@example.com", "--role", "owner", "--json"]);
    expect(changed.code).toBe(0);
    expect(changed.json()).toMatchObject({ email: "dev@example.com", role: "owner", tenantId: tenant.id });

    const memberships = await db().membership.findMany({ where: { tenantId: tenant.id }, include: { user: true } });
    expect(memberships.map((m) => [m.user.email, m.role])).toEqual([["dev@example.com", "owner"]]);
    expect(memberships[0].id).toMatch(/^mem_/);

    const users = (await runCli(["users", "list", "--json"])).json();
    const dev = users.data.find((u: { email: string }) => u.email === "dev@example.com");
    expect(dev.memberships).toEqual([{ tenantId: tenant.id, tenantUid: "team", tenantName: "Team", role: "owner" }]);

    const nobody = await runCli(["tenants", "add-member", "--tenant", "team", "--email", "ghost@example.com", "--role", "member"]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("User ghost@example.com not found");
  });
});

describe("cli: migrate", () => {
  it("says an up-to-date database is up to date", async () => {
    const res = await runCli(["migrate"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/up to date/);
    expect((await runCli(["migrate", "--json"])).json()).toMatchObject({ applied: [], upToDate: true });
  });

  it("applies every migration to an empty database and names them", async () => {
    const adminUrl = inject("adminDatabaseUrl");
    const name = `hy_test_cli_empty_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const expected = readdirSync(migrationsDir(), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
      const first = await runCli(["migrate"], { env: { DATABASE_URL: url.toString() } });
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Applied ${expected.length} migration`);
      for (const m of expected) expect(first.stdout).toContain(m);
      const again = await runCli(["migrate", "--json"], { env: { DATABASE_URL: url.toString() } });
      expect(again.json()).toEqual({ applied: [], upToDate: true, total: expected.length });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe("cli: embedded database", () => {
  /** Processes whose command line mentions `dir` (the embedded postgres of that data dir). */
  function processesUsing(dir: string): string[] {
    return readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
          return cmdline.includes(dir) ? [`${pid}: ${cmdline}`] : [];
        } catch {
          return []; // gone meanwhile
        }
      });
  }

  it("starts and stops its own PostgreSQL in HOOKYARD_DATA_DIR when DATABASE_URL is unset", { timeout: 180_000 }, async () => {
    // Under the repository (not /tmp): as root the cluster runs as the `postgres` user, who must
    // be able to traverse the parent directories.
    const dataDir = path.resolve(".data", `cli-test-${randomBytes(4).toString("hex")}`);
    const env = { DATABASE_URL: undefined, HOOKYARD_ENCRYPTION_KEY: undefined, HOOKYARD_DATA_DIR: dataDir };
    try {
      const created = await runCli(["tenants", "create", "--name", "Embedded", "--uid", "embedded", "--json"], { env, timeoutMs: 120_000 });
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).toContain("Creating the embedded PostgreSQL cluster");
      expect(processesUsing(dataDir)).toEqual([]);

      const listed = await runCli(["tenants", "list", "--json"], { env, timeoutMs: 120_000 });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.json().data).toEqual([expect.objectContaining({ id: created.json().id, uid: "embedded" })]);
      expect(processesUsing(dataDir)).toEqual([]);
      expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
