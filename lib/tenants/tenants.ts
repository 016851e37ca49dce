// Tenants: the operator's customers. Deleting one deletes everything it owns (cascades).
import type { DbTx } from "../db/client";
import type { Tenant } from "../db/generated/client";
import { conflict } from "../api/errors";
import type { TenantCreate, TenantJson, TenantUpdate } from "../api/schemas/tenants";
import { newId } from "../ids";
import { isUniqueViolation } from "../db/errors";
import { tenantsChanged } from "../auth/tenant-access";

export function tenantJson(t: Tenant): TenantJson {
  return { id: t.id, uid: t.uid, name: t.name, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
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

export async function updateTenant(db: DbTx, id: string, input: TenantUpdate): Promise<Tenant> {
  try {
    const tenant = await db.tenant.update({ where: { id }, data: input });
    tenantsChanged();
    return tenant;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A tenant with uid "${input.uid}" already exists`);
    throw err;
  }
}

/** Deletes a tenant and everything it owns (cascades). */
export async function deleteTenant(db: DbTx, id: string): Promise<void> {
  await db.tenant.delete({ where: { id } });
  tenantsChanged();
}
