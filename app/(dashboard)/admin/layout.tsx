// Operator pages: admins only; to anyone else — a portal session included — they do not exist.
import { notFound } from "next/navigation";
import { dashboardCaller } from "@/lib/auth/dashboard-caller";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const caller = await dashboardCaller();
  if (caller?.kind !== "user" || !caller.user.isAdmin) notFound();
  return children;
}
