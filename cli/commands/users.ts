// `users create | list`: dashboard accounts that sign in with email + password.
import { createUser, listUsers, userJson } from "../../lib/users/users";
import { UsageError, type CommandSpec } from "../command";
import { shortTime } from "../output";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const create: CommandSpec = {
  name: "users create",
  summary: "Create a dashboard user who signs in with email + password.",
  synopsis: "users create --email EMAIL (--password PASSWORD | --password-stdin) [--admin] [--name NAME] [--json]",
  flags: {
    email: { type: "string", value: "EMAIL", description: "sign-in email (stored lower-case)", required: true },
    password: { type: "string", value: "PASSWORD", description: "at least 8 characters (visible to other local users in `ps`; prefer --password-stdin)" },
    "password-stdin": { type: "boolean", description: "read the password from standard input" },
    admin: { type: "boolean", description: "operator admin: sees and manages every tenant" },
    name: { type: "string", value: "NAME", description: "display name" },
  },
  check(flags) {
    if (flags.bool("password-stdin") === (flags.string("password") !== undefined)) {
      throw new UsageError("Pass either --password PASSWORD or --password-stdin", create);
    }
  },
  async run({ flags, out, db }) {
    const password = flags.string("password") ?? (await readStdin());
    const user = await createUser(db, { email: flags.required("email"), password, name: flags.string("name"), isAdmin: flags.bool("admin") });
    if (out.jsonMode) return out.json(userJson(user));
    out.line(`Created ${user.isAdmin ? "operator admin" : "user"} ${user.email} (${user.id}).`);
    if (!user.isAdmin) out.line("Give them access to a tenant with `tenants add-member --tenant TENANT --email EMAIL --role member`.");
  },
};

const list: CommandSpec = {
  name: "users list",
  summary: "List dashboard users with their tenants and roles.",
  flags: {},
  async run({ out, db }) {
    const users = await listUsers(db);
    if (out.jsonMode) {
      return out.json({
        data: users.map((u) => ({
          ...userJson(u),
          memberships: u.memberships.map((m) => ({ tenantId: m.tenantId, tenantUid: m.tenant.uid, tenantName: m.tenant.name, role: m.role })),
        })),
      });
    }
    out.table(
      ["ID", "EMAIL", "NAME", "ADMIN", "TENANTS", "CREATED"],
      users.map((u) => [
        u.id,
        u.email,
        u.name,
        u.isAdmin ? "yes" : "no",
        u.memberships.map((m) => `${m.tenant.uid ?? m.tenant.id}:${m.role}`).join(", ") || null,
        shortTime(u.createdAt),
      ]),
      "No users yet.",
    );
  },
};

export const userCommands = [create, list];
