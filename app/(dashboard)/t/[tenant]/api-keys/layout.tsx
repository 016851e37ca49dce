// A portal session may have API keys switched off (lib/portal/features.ts).
import { requireTenantSection } from "@/lib/auth/dashboard-caller";

export default async function ApiKeysLayout({ children }: { children: React.ReactNode }) {
  await requireTenantSection("api-keys");
  return children;
}
