// The one place tenant isolation is enforced for queries. A TenantScope is one tenant's view of
// the database: its `db` is a Prisma client whose every query on a tenant-owned model carries
// `tenantId` — in the where of reads, updates and deletes, and in the data of creates — and its
// `tenantId` is what raw SQL filters by. Domain functions for tenant resources take a scope,
// never a client and a tenant id apart; the brand means only tenantScope() makes one, so passing
// the plain client (or a hand-made `{ tenantId, db: db() }`) where a scope is expected does not
// compile (test/unit/db/tenant-scope-types.test.ts). Another tenant's object is then simply not
// found (a 404), never a 403 that confirms it exists.
import { db, type Db } from "./client";

/** Models with a tenantId column. Child rows without one (EndpointSecret, InboxRequest) are
 * reached only through a parent fetched here first. */
const TENANT_OWNED = new Set(["Endpoint", "Message", "Delivery", "Attempt", "ApiKey", "Inbox", "Membership", "Invitation", "PortalSession", "Replay"]);

type Args = { where?: object; data?: object | object[]; create?: object };

declare const tenantScopeBrand: unique symbol;

export interface TenantScope {
  readonly tenantId: string;
  /** The client scoped to `tenantId`: Prisma queries through it see and write only that tenant's rows. */
  readonly db: Db;
  readonly [tenantScopeBrand]: true;
}

export function tenantScope(tenantId: string): TenantScope {
  return { tenantId, db: scopedClient(tenantId) } as TenantScope;
}

/** Scoped clients of the current base client, by tenant: making one ($extends) on every API
 * request cost the web server ~2 % of its CPU at a steady publish rate. */
const scopedClients = new WeakMap<Db, Map<string, Db>>();
const MAX_CACHED_SCOPES = 1_000;

function scopedClient(tenantId: string): Db {
  const base = db();
  let byTenant = scopedClients.get(base);
  if (!byTenant) scopedClients.set(base, (byTenant = new Map()));
  let scoped = byTenant.get(tenantId);
  if (!scoped) {
    if (byTenant.size >= MAX_CACHED_SCOPES) byTenant.clear();
    scoped = extendedFor(base, tenantId);
    byTenant.set(tenantId, scoped);
  }
  return scoped;
}

function extendedFor(base: Db, tenantId: string): Db {
  const scoped = base.$extends({
    name: "tenant-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_OWNED.has(model)) return query(args);
          const scoped = { ...(args as Args) };
          switch (operation) {
            case "create":
              scoped.data = { ...scoped.data, tenantId };
              break;
            case "createMany":
            case "createManyAndReturn":
              scoped.data = ([] as object[]).concat(scoped.data ?? []).map((row) => ({ ...row, tenantId }));
              break;
            case "upsert":
              scoped.where = { ...scoped.where, tenantId };
              scoped.create = { ...scoped.create, tenantId };
              break;
            default:
              scoped.where = { ...scoped.where, tenantId };
          }
          return query(scoped as typeof args);
        },
      },
    },
  });
  // The extension changes queries, not types: callers see a plain client.
  return scoped as unknown as Db;
}
