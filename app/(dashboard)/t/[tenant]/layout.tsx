// A tenant's pages: the tenant must exist and be visible to the caller (a user, or a portal
// session of that tenant), else it is simply not found.
import { notFound, redirect } from "next/navigation";
import { TenantProvider } from "@/components/layout/viewer";
import { dashboardCaller } from "@/lib/auth/dashboard-caller";
import { tenantPermissions } from "@/lib/auth/roles";
import { canSeeTenant, findTenantByRef } from "@/lib/auth/tenant-access";
import { ALL_FEATURES } from "@/lib/portal/features";

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const caller = await dashboardCaller();
  if (!caller) redirect("/sign-in");
  if (caller.kind === "portal_ended") notFound();
  const tenant = await findTenantByRef(decodeURIComponent((await params).tenant));
  if (!tenant || !canSeeTenant(caller.principal, tenant.id)) notFound();
  const { role, canWrite, canManageMembers } = tenantPermissions(caller.principal, tenant.id);
  const portal = caller.kind === "portal";
  return (
    <TenantProvider
      tenant={{
        id: tenant.id,
        uid: tenant.uid,
        name: tenant.name,
        // A user's own membership (an operator admin's may be none); a portal session's role.
        role: caller.kind === "user" ? (caller.user.roles.get(tenant.id) ?? null) : role,
        canWrite,
        canManageMembers,
        features: portal ? caller.portal.features : ALL_FEATURES,
      }}
    >
      {children}
    </TenantProvider>
  );
}
