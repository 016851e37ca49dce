// The built-in operator tenant: where Hookyard publishes its own events (catalog.ts). The operator
// adds endpoints to it like to any tenant, and sees its deliveries in the dashboard like any other.
// Made at start (lib/bootstrap.ts) with its event types, and found by its reserved uid.
import { db } from "../db/client";
import type { Tenant } from "../db/generated/client";
import { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import { eventTypesChanged } from "../event-types/event-types";
import { tenantsChanged } from "../auth/tenant-access";
import { LOOKUP_CACHE_TTL_MS, ttlCache } from "../cache/ttl-cache";
import { OPERATIONAL_EVENT_TYPES } from "./catalog";

/** Tenant uids starting with this are Hookyard's own. */
export const RESERVED_UID_PREFIX = "hookyard:";
export const OPERATOR_TENANT_UID = "hookyard:operator";

export function isOperatorTenant(tenant: Pick<Tenant, "uid">): boolean {
  return tenant.uid === OPERATOR_TENANT_UID;
}

/** Creates the operator tenant and Hookyard's event types where missing; returns the tenant. */
export async function ensureOperatorTenant(): Promise<Tenant> {
  await db().$executeRaw`
    INSERT INTO "Tenant" (id, uid, name, "updatedAt") VALUES (${newId("tenant")}, ${OPERATOR_TENANT_UID}, 'Hookyard operational events', now())
    ON CONFLICT (uid) DO NOTHING`;
  for (const [name, type] of Object.entries(OPERATIONAL_EVENT_TYPES)) {
    // Hookyard's own types have one version, kept in step with the catalog at every start.
    await db().$executeRaw`
      WITH t AS (
        INSERT INTO "EventType" (id, name, description, "updatedAt") VALUES (${newId("eventType")}, ${name}, ${type.description}, now())
        ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description
        RETURNING id
      )
      INSERT INTO "EventTypeVersion" ("eventTypeId", version, schema, "examplePayload", "updatedAt")
      SELECT t.id, 1, ${JSON.stringify(type.schema)}::jsonb, ${JSON.stringify(type.example)}::jsonb, now() FROM t
      ON CONFLICT ("eventTypeId", version) DO UPDATE SET schema = EXCLUDED.schema, "examplePayload" = EXCLUDED."examplePayload"`;
  }
  tenantsChanged();
  eventTypesChanged();
  return (await db().tenant.findUnique({ where: { uid: OPERATOR_TENANT_UID } }))!;
}

interface OperatorTarget {
  tenantId: string;
  /** It has enabled endpoints: publishing to it reaches someone. */
  listening: boolean;
}

const targets = ttlCache<OperatorTarget | null>(LOOKUP_CACHE_TTL_MS);

/** The operator tenant, if it exists, and whether anyone listens there; briefly cached. */
export function operatorTarget(): Promise<OperatorTarget | null> {
  return targets.get("operator", async () => {
    const rows = await db().$queryRaw<{ id: string; listening: boolean }[]>(Prisma.sql`
      SELECT t.id, EXISTS (SELECT 1 FROM "Endpoint" e WHERE e."tenantId" = t.id AND NOT e.disabled) AS listening
      FROM "Tenant" t WHERE t.uid = ${OPERATOR_TENANT_UID}`);
    return rows[0] ? { tenantId: rows[0].id, listening: rows[0].listening } : null;
  });
}

/** Forget the cached target (after its endpoints change). */
export function operatorTargetChanged(): void {
  targets.clear();
}
