// `tenants create | list | add-member`.
import { notFound } from "../../lib/errors";
import { membershipRole } from "../../lib/schemas/members";
import { tenantCreateSchema } from "../../lib/schemas/tenants";
import { findTenantByRef } from "../../lib/auth/tenant-access";
import type { Tenant } from "../../lib/db/generated/client";
import { memberJson } from "../../lib/members/members";
import { createTenant, tenantJson } from "../../lib/tenants/tenants";
import { addMember } from "../../lib/users/users";
import { UsageError, type CommandSpec } from "../command";
import { shortTime } from "../output";

/** The tenant with that id or uid, or a clear "not found" (exit 1). */
export async function tenantByRef(ref: string): Promise<Tenant> {
  const tenant = await findTenantByRef(ref);
  if (!tenant) throw notFound(`Tenant "${ref}"`);
  return tenant;
}

export function tenantLabel(t: Tenant): string {
  return `${t.name} (${t.uid ? `${t.uid}, ` : ""}${t.id})`;
}

const create: CommandSpec = {
  name: "tenants create",
  summary: "Create a tenant: one of your customers, who receives webhooks.",
  flags: {
    name: { type: "string", value: "NAME", description: "display name", required: true },
    uid: { type: "string", value: "UID", description: "your own unique id for it (usable wherever a tenant id is)" },
  },
  async run({ flags, out, db }) {
    const input = tenantCreateSchema.parse({ name: flags.required("name"), uid: flags.string("uid") });
    const tenant = await createTenant(db, input);
    if (out.jsonMode) return out.json(tenantJson(tenant));
    out.line(`Created tenant ${tenantLabel(tenant)}.`);
  },
};

const list: CommandSpec = {
  name: "tenants list",
  summary: "List every tenant, newest first.",
  flags: {},
  async run({ out, db }) {
    const rows = await db.tenant.findMany({ orderBy: { id: "desc" } });
    if (out.jsonMode) return out.json({ data: rows.map(tenantJson) });
    out.table(
      ["ID", "UID", "NAME", "CREATED"],
      rows.map((t) => [t.id, t.uid, t.name, shortTime(t.createdAt)]),
      "No tenants yet: create one with `tenants create --name NAME`.",
    );
  },
};

const roles = membershipRole.options;

const addMemberCommand: CommandSpec = {
  name: "tenants add-member",
  summary: "Give an existing dashboard user a role in a tenant (or change the role they have).",
  flags: {
    tenant: { type: "string", value: "TENANT", description: "the tenant's id or uid", required: true },
    email: { type: "string", value: "EMAIL", description: "the user's email (create users with `users create`)", required: true },
    role: { type: "string", value: roles.join("|"), description: "owner: everything incl. members; member: all but members; viewer: read only", required: true },
  },
  check(flags) {
    if (!membershipRole.safeParse(flags.required("role")).success) {
      throw new UsageError(`--role must be one of ${roles.join(", ")}`, addMemberCommand);
    }
  },
  async run({ flags, out, db }) {
    const role = membershipRole.parse(flags.required("role"));
    const tenant = await tenantByRef(flags.required("tenant"));
    const membership = await addMember(db, { tenantId: tenant.id, email: flags.required("email"), role });
    const user = await db.user.findUniqueOrThrow({ where: { id: membership.userId }, select: { email: true, name: true } });
    if (out.jsonMode) return out.json({ ...memberJson({ ...membership, user }), tenantId: tenant.id });
    out.line(`${user.email} is now ${membership.role === "owner" ? "an owner" : `a ${membership.role}`} of ${tenantLabel(tenant)}.`);
  },
};

export const tenantCommands = [create, list, addMemberCommand];
