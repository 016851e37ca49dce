"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useId, useState, type ReactNode } from "react";
import { tenantQueries } from "@/lib/query/queries";
import { cn, focusRing } from "../ui/cn";
import { roleLabel, useViewer } from "./viewer";

export interface NavItem {
  href: string;
  label: string;
  exact?: boolean;
}

export function NavSection({ title, items, onNavigate }: { title: string; items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <div>
      <h2 className="px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
      <ul className="mt-2 space-y-0.5">
        {items.map((item) => {
          const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-2 text-sm font-medium",
                  active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                  focusRing,
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function TenantSwitcher({ current }: { current?: string }) {
  const router = useRouter();
  const id = useId();
  const tenants = useQuery(tenantQueries.list());
  const list = tenants.data ?? [];
  const known = current && list.some((t) => t.id === current || t.uid === current);
  return (
    <div className="px-3">
      <label htmlFor={id} className="block text-xs font-semibold tracking-wide text-slate-500 uppercase">
        Tenant
      </label>
      <select
        id={id}
        value={known ? list.find((t) => t.id === current || t.uid === current)!.id : ""}
        onChange={(e) => e.target.value && router.push(`/t/${encodeURIComponent(e.target.value)}/endpoints`)}
        className="mt-1.5 block h-9 w-full rounded-md border-0 bg-white px-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-500 focus:outline-none"
        disabled={tenants.isPending}
      >
        <option value="">{tenants.isPending ? "Loading…" : list.length ? "Choose a tenant…" : "No tenants yet"}</option>
        {list.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const viewer = useViewer();
  const params = useParams<{ tenant?: string }>();
  const urlTenant = params.tenant ? decodeURIComponent(params.tenant) : undefined;
  const tenants = useQuery(tenantQueries.list());
  // A tenant the viewer cannot see (the not-found page for its URL) gets no links of its own.
  const tenant = tenants.isSuccess && !tenants.data.some((t) => t.id === urlTenant || t.uid === urlTenant) ? undefined : urlTenant;
  const base = tenant ? `/t/${encodeURIComponent(tenant)}` : "";
  return (
    <nav aria-label="Main" className="flex h-full flex-col gap-6 overflow-y-auto py-5">
      <TenantSwitcher current={tenant} />
      {tenant && (
        <NavSection
          title="Webhooks"
          onNavigate={onNavigate}
          items={[
            { href: `${base}/endpoints`, label: "Endpoints" },
            { href: `${base}/deliveries`, label: "Deliveries" },
            { href: `${base}/messages`, label: "Messages" },
            { href: `${base}/event-types`, label: "Event catalog" },
            { href: `${base}/inboxes`, label: "Test inboxes" },
          ]}
        />
      )}
      {tenant && (
        <NavSection
          title="Settings"
          onNavigate={onNavigate}
          items={[
            { href: `${base}/members`, label: "Members" },
            { href: `${base}/api-keys`, label: "API keys" },
            { href: `${base}/retention`, label: "Data retention" },
          ]}
        />
      )}
      {viewer.isAdmin && (
        <NavSection
          title="Operator"
          onNavigate={onNavigate}
          items={[
            { href: "/admin", label: "Overview", exact: true },
            { href: "/admin/tenants", label: "Tenants" },
            { href: "/admin/event-types", label: "Event types" },
            { href: "/admin/operational-webhooks", label: "Operational webhooks" },
            { href: "/admin/api-keys", label: "Admin API keys" },
          ]}
        />
      )}
      <div className="mt-auto border-t border-slate-200 px-3 pt-4">
        <p className="truncate text-sm font-medium text-slate-900" title={viewer.email ?? undefined}>
          {viewer.name || viewer.email}
        </p>
        {viewer.name && <p className="truncate text-xs text-slate-500">{viewer.email}</p>}
        <p className="text-xs text-slate-600" data-testid="viewer-role">
          {roleLabel(viewer, tenants.data?.find((t) => t.id === tenant || t.uid === tenant))}
        </p>
        <button
          type="button"
          onClick={async () => {
            await signOut({ redirect: false });
            window.location.href = "/sign-in";
          }}
          className={cn("mt-3 text-sm font-medium text-slate-700 hover:text-slate-900", focusRing)}
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}

function Logo() {
  return (
    <Link href="/" className={cn("flex items-center gap-2 rounded-md text-base font-semibold text-slate-900", focusRing)}>
      <svg viewBox="0 0 24 24" className="size-6 text-indigo-600" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        <path d="M7 4v7a5 5 0 0 0 10 0V4" />
        <path d="M17 4h-3M7 4h3" />
        <circle cx="12" cy="19" r="2" />
      </svg>
      Hookyard
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const menuId = useId();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      {/* Phone and tablet: a top bar with a menu button. */}
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white px-4 lg:hidden">
        <Logo />
        <button
          type="button"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpen((o) => !o)}
          className={cn("rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300", focusRing)}
        >
          {open ? "Close" : "Menu"}
        </button>
      </header>
      {open && (
        <div id={menuId} className="fixed inset-x-0 top-14 bottom-0 z-20 overflow-y-auto border-t border-slate-200 bg-white px-2 lg:hidden">
          <Sidebar onNavigate={() => setOpen(false)} />
        </div>
      )}
      {/* Desktop: a sidebar column as tall as the page, its contents pinned to the viewport. */}
      <aside className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="sticky top-0 flex h-screen flex-col">
          <div className="flex h-16 shrink-0 items-center px-6">
            <Logo />
          </div>
          <div className="min-h-0 flex-1 px-3">
            <Sidebar />
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
      </main>
    </div>
  );
}
