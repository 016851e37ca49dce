// Every dashboard page: signed-in users, or a portal session (lib/portal) in its own frame; the
// client side talks to /api/v1 with the cookie.
import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { ViewerProvider } from "@/components/layout/viewer";
import { PortalEnded } from "@/components/portal/portal-ended";
import { PortalShell } from "@/components/portal/portal-shell";
import { Providers } from "@/components/providers";
import { dashboardCaller } from "@/lib/auth/dashboard-caller";
import { findTenantByRef } from "@/lib/auth/tenant-access";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const caller = await dashboardCaller();
  if (!caller) redirect("/sign-in");
  if (caller.kind === "portal_ended") return <PortalEnded ended={caller.ended} />;
  if (caller.kind === "portal") {
    const { portal } = caller;
    const tenant = await findTenantByRef(portal.tenantId);
    if (!tenant) notFound();
    return (
      <Providers>
        <ViewerProvider viewer={{ id: portal.id, email: null, name: null, isAdmin: false, roles: { [tenant.id]: portal.role } }}>
          <PortalShell
            portal={{
              tenant: { id: tenant.id, name: tenant.name },
              role: portal.role,
              features: portal.features,
              theme: portal.theme,
              returnUrl: portal.returnUrl,
              expiresAt: portal.expiresAt.toISOString(),
            }}
          >
            {children}
          </PortalShell>
        </ViewerProvider>
      </Providers>
    );
  }
  const { user } = caller;
  return (
    <Providers>
      <ViewerProvider viewer={{ id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, roles: Object.fromEntries(user.roles) }}>
        <AppShell>{children}</AppShell>
      </ViewerProvider>
    </Providers>
  );
}
