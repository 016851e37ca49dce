// Operator pages: admins only; to anyone else they do not exist.
import { notFound } from "next/navigation";
import { dashboardUser } from "@/lib/auth/next-auth";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await dashboardUser();
  if (!user?.isAdmin) notFound();
  return children;
}
