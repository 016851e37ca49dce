// The one place tenant isolation is enforced for queries: a Prisma client whose every query on a
// tenant-owned model carries `tenantId` — in the where of reads, updates and deletes, and in the
// data of creates. Route handlers and domain functions for tenant resources use only this.
// Another tenant's object is then simply not found (a 404), never a 403 that confirms it exists.
import { db, type Db } from "./client";

/** Models with a tenantId column. Child rows without one (EndpointSecret, InboxRequest) are
 * reached only through a parent fetched here first. */
const TENANT_OWNED = new Set(["Endpoint", "Message", "Delivery", "Attempt", "ApiKey", "Inbox", "Membership", "Invitation", "PortalSession", "Replay"]);

type Args = { where?: object; data?: object | object[]; create?: object };

export function tenantDb(tenantId: string): TenantDb {
  const scoped = db().$extends({
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

/** A client scoped to one tenant (see tenantDb). */
export type TenantDb = Db;
