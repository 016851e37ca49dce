// Members are Hookyard accounts: a portal session never manages them (lib/portal/features.ts).
import { requireTenantSection } from "@/lib/auth/dashboard-caller";

export default async function MembersLayout({ children }: { children: React.ReactNode }) {
  await requireTenantSection("members");
  return children;
}
