// Every dashboard page: signed-in users only; the client side talks to /api/v1 with the cookie.
import { redirect } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { ViewerProvider } from "@/components/layout/viewer";
import { Providers } from "@/components/providers";
import { dashboardUser } from "@/lib/auth/next-auth";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await dashboardUser();
  if (!user) redirect("/sign-in");
  return (
    <Providers>
      <ViewerProvider viewer={{ id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin }}>
        <AppShell>{children}</AppShell>
      </ViewerProvider>
    </Providers>
  );
}
