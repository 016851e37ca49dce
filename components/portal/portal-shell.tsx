"use client";
// The dashboard's frame for a portal session (lib/portal): one tenant, no tenant switcher, no
// operator pages, no members, no sign-out — the operator's page around it is the app. Themed with
// the operator's accent colour and logo; `hideSidebar` swaps the sidebar for a bar of tabs on top,
// for narrow frames or pages that have their own navigation.
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import type { PortalTheme } from "@/lib/schemas/portal";
import { ApiClientError } from "@/lib/query/fetcher";
import { PORTAL_FEATURE_NAMES, PORTAL_FEATURES, type PortalFeatures } from "@/lib/schemas/portal";
import { accentStylesheet } from "@/lib/portal/theme";
import { cn, focusRing } from "../ui/cn";
import { RelativeTime } from "../ui/relative-time";
import { NavSection, type NavItem } from "../layout/app-shell";

export interface PortalView {
  tenant: { id: string; name: string };
  role: "owner" | "member" | "viewer";
  features: PortalFeatures;
  theme: PortalTheme;
  returnUrl: string | null;
  expiresAt: string;
}

const ROLE_LABEL = { owner: "Owner access", member: "Member access", viewer: "Read-only access" } as const;

function navItems(portal: PortalView): NavItem[] {
  const base = `/t/${encodeURIComponent(portal.tenant.id)}`;
  const optional = PORTAL_FEATURE_NAMES.filter((name) => portal.features[name]).map((name) => ({
    href: `${base}/${PORTAL_FEATURES[name].section}`,
    label: PORTAL_FEATURES[name].label,
  }));
  return [
    { href: `${base}/endpoints`, label: "Endpoints" },
    { href: `${base}/deliveries`, label: "Deliveries" },
    { href: `${base}/messages`, label: "Messages" },
    { href: `${base}/event-types`, label: "Event catalog" },
    ...optional,
  ];
}

/** When the session ends (expired, or ended by the operator), reload: the page then says so. */
function useReloadWhenEnded() {
  const client = useQueryClient();
  useEffect(() => {
    const ended = (error: unknown) => error instanceof ApiClientError && error.status === 401;
    const reload = () => window.location.reload();
    const offQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error" && ended(event.action.error)) reload();
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error" && ended(event.action.error)) reload();
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client]);
}

/** The operator's logo (if any) and the tenant's name: stacked in the sidebar, side by side on top. */
function Brand({ portal, stacked = false }: { portal: PortalView; stacked?: boolean }) {
  const { logoUrl } = portal.theme;
  return (
    <div className={cn("flex min-w-0", stacked ? "flex-col items-start gap-3" : "items-center gap-3")}>
      {logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- the operator's logo: any origin they allow, or a data: URL
        <img src={logoUrl} alt="" className="h-8 w-auto max-w-40 shrink-0 object-contain" />
      ) : null}
      <div className="min-w-0 max-w-full">
        <p className="truncate text-sm font-semibold text-slate-900">{portal.tenant.name}</p>
        <p className="text-xs text-slate-500">Webhooks</p>
      </div>
    </div>
  );
}

function BackLink({ returnUrl, className }: { returnUrl: string; className?: string }) {
  // The top window: inside the operator's iframe, "back" means their page, not this frame.
  return (
    <a href={returnUrl} target="_top" className={cn("text-sm font-medium text-indigo-700 hover:underline", focusRing, className)}>
      ← Back to {new URL(returnUrl).host}
    </a>
  );
}

function SessionNote({ portal }: { portal: PortalView }) {
  return (
    <p className="text-xs text-slate-500">
      {ROLE_LABEL[portal.role]} · ends <RelativeTime value={portal.expiresAt} />
    </p>
  );
}

function Tabs({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="-mb-px flex gap-1 overflow-x-auto">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap",
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
              focusRing,
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

export function PortalShell({ portal, children }: { portal: PortalView; children: ReactNode }) {
  useReloadWhenEnded();
  const items = navItems(portal);
  const sidebar = !portal.theme.hideSidebar;
  return (
    <>
      {portal.theme.accentColor && <style>{accentStylesheet(portal.theme.accentColor)}</style>}
      <div className="min-h-screen lg:flex" data-portal>
        {sidebar && (
          <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white lg:block">
            <div className="sticky top-0 flex h-screen flex-col gap-6 px-3 py-5">
              <div className="px-3">
                <Brand portal={portal} stacked />
              </div>
              <nav aria-label="Main">
                <NavSection title="Webhooks" items={items} />
              </nav>
              <div className="mt-auto space-y-2 border-t border-slate-200 px-3 pt-4">
                <SessionNote portal={portal} />
                {portal.returnUrl && <BackLink returnUrl={portal.returnUrl} className="block" />}
              </div>
            </div>
          </aside>
        )}
        <div className="min-w-0 flex-1">
          <header className={cn("border-b border-slate-200 bg-white px-4 sm:px-6", sidebar && "lg:hidden")}>
            <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-1 pt-3">
              <Brand portal={portal} />
              <div className="flex items-center gap-4">
                <SessionNote portal={portal} />
                {portal.returnUrl && <BackLink returnUrl={portal.returnUrl} />}
              </div>
            </div>
            <div className="mt-2">
              <Tabs items={items} />
            </div>
          </header>
          <main id="main" className="min-w-0">
            <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
          </main>
        </div>
      </div>
    </>
  );
}
