// Tenants: the operator's customers. Deleting one deletes everything it owns (cascades).
import type { DbTx } from "../db/client";
import type { Tenant } from "../db/generated/client";
import { conflict } from "../errors";
import type { TenantCreate, TenantJson, TenantUpdate } from "../schemas/tenants";
import { newId } from "../ids";
import { isUniqueViolation } from "../db/errors";
import { tenantsChanged } from "../auth/tenant-access";
import { waitOutSendFence } from "../delivery/send-fence";
import { isOperatorTenant } from "../operational-events/tenant";
import { retentionMs } from "../retention/retention";

export function tenantJson(t: Tenant): TenantJson {
  return {
    id: t.id,
    uid: t.uid,
    name: t.name,
    retentionDays: t.retentionDays,
    retentionSeconds: retentionMs(t.retentionDays) / 1000,
    builtIn: isOperatorTenant(t),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function createTenant(db: DbTx, input: TenantCreate): Promise<Tenant> {
  try {
    const tenant = await db.tenant.create({ data: { id: newId("tenant"), name: input.name, uid: input.uid ?? null } });
    tenantsChanged(); // its uid may be cached as unknown
    return tenant;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A tenant with uid "${input.uid}" already exists`);
    throw err;
  }
}

/** The operator tenant (operational events) is made and found by its reserved uid. */
async function assertNotOperatorTenant(db: DbTx, id: string, what: string): Promise<void> {
  const tenant = await db.tenant.findUnique({ where: { id }, select: { uid: true } });
  if (tenant && isOperatorTenant(tenant)) throw conflict(`The built-in tenant of Hookyard's operational events cannot be ${what}`);
}

export async function updateTenant(db: DbTx, id: string, input: TenantUpdate): Promise<Tenant> {
  if (input.uid !== undefined) await assertNotOperatorTenant(db, id, "given another uid");
  try {
    const tenant = await db.tenant.update({ where: { id }, data: input });
    tenantsChanged();
    return tenant;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A tenant with uid "${input.uid}" already exists`);
    throw err;
  }
}

/** Deletes a tenant and everything it owns (cascades). Outside a transaction: it answers only once
 * nothing more can be sent for the tenant (see send-fence.ts). */
export async function deleteTenant(db: DbTx, id: string): Promise<void> {
  await assertNotOperatorTenant(db, id, "deleted");
  await db.tenant.delete({ where: { id } });
  tenantsChanged();
  await waitOutSendFence();
}
