// A portal session may have test inboxes switched off (lib/portal/features.ts).
import { requireTenantSection } from "@/lib/auth/dashboard-caller";

export default async function InboxesLayout({ children }: { children: React.ReactNode }) {
  await requireTenantSection("inboxes");
  return children;
}
