// A tenant's pages: the tenant must exist and be visible to the user, else it is simply not found.
import { notFound, redirect } from "next/navigation";
import { TenantProvider } from "@/components/layout/viewer";
import { dashboardUser } from "@/lib/auth/next-auth";
import { findTenantByRef } from "@/lib/auth/tenant-access";

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const user = await dashboardUser();
  if (!user) redirect("/sign-in");
  const tenant = await findTenantByRef(decodeURIComponent((await params).tenant));
  if (!tenant || !(user.isAdmin || user.roles.has(tenant.id))) notFound();
  const role = user.roles.get(tenant.id) ?? null;
  return (
    <TenantProvider
      tenant={{
        id: tenant.id,
        uid: tenant.uid,
        name: tenant.name,
        role,
        canWrite: user.isAdmin || (role !== null && role !== "viewer"),
        canManageMembers: user.isAdmin || role === "owner",
      }}
    >
      {children}
    </TenantProvider>
  );
}
