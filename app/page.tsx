// The front door: where a visitor belongs right now.
import { redirect } from "next/navigation";
import { dashboardCaller } from "@/lib/auth/dashboard-caller";
import { db } from "@/lib/db/client";
import { userCount } from "@/lib/users/users";
import { NoTenants } from "@/components/auth/no-tenants";
import { PortalEnded } from "@/components/portal/portal-ended";

export const dynamic = "force-dynamic";

export default async function Home() {
  const caller = await dashboardCaller();
  if (caller?.kind === "portal") redirect(`/t/${encodeURIComponent(caller.portal.tenantId)}/endpoints`);
  if (caller?.kind === "portal_ended") return <PortalEnded ended={caller.ended} />;
  const user = caller?.user;
  if (!user) redirect((await userCount(db())) === 0 ? "/sign-up" : "/sign-in");
  if (user.isAdmin) redirect((await db().tenant.count()) === 0 ? "/admin/tenants" : "/admin");
  const first = await db().membership.findFirst({ where: { userId: user.id }, orderBy: { tenant: { name: "asc" } }, select: { tenantId: true } });
  if (first) redirect(`/t/${encodeURIComponent(first.tenantId)}/endpoints`);
  return <NoTenants email={user.email} />;
}
