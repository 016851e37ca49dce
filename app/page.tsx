// The front door: where a visitor belongs right now.
import { redirect } from "next/navigation";
import { dashboardUser } from "@/lib/auth/next-auth";
import { db } from "@/lib/db/client";
import { userCount } from "@/lib/users/users";
import { NoTenants } from "@/components/auth/no-tenants";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await dashboardUser();
  if (!user) redirect((await userCount(db())) === 0 ? "/sign-up" : "/sign-in");
  if (user.isAdmin) redirect((await db().tenant.count()) === 0 ? "/admin/tenants" : "/admin");
  const first = await db().membership.findFirst({ where: { userId: user.id }, orderBy: { tenant: { name: "asc" } }, select: { tenantId: true } });
  if (first) redirect(`/t/${encodeURIComponent(first.tenantId)}/endpoints`);
  return <NoTenants email={user.email} />;
}
