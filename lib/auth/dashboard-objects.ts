// Dashboard detail pages (an endpoint, a delivery, a message, a test inbox) check on the server
// that the object exists in the tenant of the URL and that the caller (a signed-in user, or a
// portal session) may see that tenant. Otherwise the page is the not-found page with a 404 — as the API answers — whether the
// id is made up, deleted, or another tenant's put under a tenant the user can see.
import "server-only";
import { tenantScope } from "../db/tenant-scope";
import { dashboardPrincipal } from "./dashboard-caller";
import { canSeeTenant, findTenantByRef } from "./tenant-access";

export type DashboardObjectKind = "endpoint" | "delivery" | "message" | "inbox";

export async function dashboardObjectVisible(tenantRef: string, kind: DashboardObjectKind, id: string): Promise<boolean> {
  const [principal, tenant] = await Promise.all([dashboardPrincipal(), findTenantByRef(tenantRef)]);
  if (!principal || !tenant || !canSeeTenant(principal, tenant.id)) return false;
  const { db } = tenantScope(tenant.id);
  const where = { where: { id }, select: { id: true } } as const;
  switch (kind) {
    case "endpoint":
      return (await db.endpoint.findFirst(where)) !== null;
    case "delivery":
      return (await db.delivery.findFirst(where)) !== null;
    case "message":
      return (await db.message.findFirst(where)) !== null;
    case "inbox":
      return (await db.inbox.findFirst(where)) !== null;
  }
}
