// `keys create | list | revoke`: API keys for the operator's backend (admin) and for tenants.
import { apiKeyJson, createApiKey, revokeApiKey } from "../../lib/auth/api-keys";
import { DomainError, notFound } from "../../lib/errors";
import { apiKeyCreateSchema } from "../../lib/schemas/api-keys";
import { membershipRole } from "../../lib/schemas/members";
import { UsageError, type CommandSpec } from "../command";
import { shortTime } from "../output";
import { tenantByRef, tenantLabel } from "./tenants";

const create: CommandSpec = {
  name: "keys create",
  summary: "Create an API key. The key is printed once: store it, it cannot be shown again.",
  synopsis: "keys create (--admin | --tenant TENANT [--role ROLE]) --name NAME [--json]",
  flags: {
    admin: { type: "boolean", description: "an operator admin key: every tenant and the admin routes" },
    tenant: { type: "string", value: "TENANT", description: "a key for one tenant (its id or uid)" },
    role: { type: "string", value: "ROLE", description: "a tenant key's role: owner, member (default) or viewer" },
    name: { type: "string", value: "NAME", description: "a label to recognise the key by", required: true },
  },
  check(flags) {
    if (flags.bool("admin") === (flags.string("tenant") !== undefined)) throw new UsageError("Pass either --admin or --tenant TENANT", create);
    const role = flags.string("role");
    if (role !== undefined && (flags.bool("admin") || !membershipRole.safeParse(role).success)) throw new UsageError("--role is owner, member or viewer, for a tenant key", create);
  },
  async run({ flags, out, db }) {
    const admin = flags.bool("admin");
    const tenantRef = flags.string("tenant");
    const { name } = apiKeyCreateSchema.parse({ name: flags.required("name") });
    const tenant = tenantRef === undefined ? null : await tenantByRef(tenantRef);
    const role = membershipRole.optional().parse(flags.string("role"));
    const { row, key } = await createApiKey(db, { name, scope: admin ? "admin" : "tenant", tenantId: tenant?.id ?? null, role });
    if (out.jsonMode) return out.json({ ...apiKeyJson(row), key });
    out.line(`Created ${tenant ? `a ${row.role} API key for tenant ${tenantLabel(tenant)}` : "an admin API key"}: "${row.name}" (${row.id})`);
    out.line("Store it now, it cannot be shown again:");
    out.line();
    out.line(`  ${key}`);
    out.line();
  },
};

const list: CommandSpec = {
  name: "keys list",
  summary: "List API keys (never the keys themselves: their prefix), newest first.",
  flags: {
    tenant: { type: "string", value: "TENANT", description: "only this tenant's keys (id or uid)" },
  },
  async run({ flags, out, db }) {
    const ref = flags.string("tenant");
    const tenant = ref === undefined ? null : await tenantByRef(ref);
    const rows = await db.apiKey.findMany({
      where: tenant ? { tenantId: tenant.id } : {},
      orderBy: { id: "desc" },
      include: { tenant: { select: { uid: true } } },
    });
    if (out.jsonMode) return out.json({ data: rows.map(apiKeyJson) });
    out.table(
      ["ID", "NAME", "PREFIX", "SCOPE", "TENANT", "CREATED", "LAST USED", "STATUS"],
      rows.map((k) => [
        k.id,
        k.name,
        `${k.prefix}…`,
        k.scope,
        k.tenant ? (k.tenant.uid ?? k.tenantId) : null,
        shortTime(k.createdAt),
        shortTime(k.lastUsedAt),
        k.revokedAt ? `revoked ${shortTime(k.revokedAt)}` : "active",
      ]),
      "No API keys.",
    );
  },
};

const revoke: CommandSpec = {
  name: "keys revoke",
  summary: "Revoke an API key: requests with it fail from now on, on every server (keys are checked in the database on each request). Revoking twice is harmless.",
  flags: {},
  args: [{ name: "ID", description: "the key's id (key_...), as `keys list` shows it" }],
  async run({ args: [id], out, db }) {
    await revokeApiKey(db, id).catch((err: unknown) => {
      throw err instanceof DomainError && err.status === 404 ? notFound(`API key ${id}`) : err;
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    if (out.jsonMode) return out.json(apiKeyJson(row));
    out.line(`Revoked API key "${row.name}" (${row.id}).`);
  },
};

export const keyCommands = [create, list, revoke];
