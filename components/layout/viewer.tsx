"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { PortalFeatures } from "@/lib/schemas/portal";

export interface Viewer {
  id: string;
  email: string | null;
  name: string | null;
  isAdmin: boolean;
  /** The viewer's role in each tenant they belong to, by tenant id. */
  roles: Record<string, "owner" | "member" | "viewer">;
}

const ROLE_LABEL = { owner: "Owner", member: "Member", viewer: "Viewer" } as const;

/** What the viewer is, said under their name: "Operator admin", "Owner of Acme Inc.", … */
export function roleLabel(viewer: Viewer, tenant?: { id: string; name: string }): string {
  const role = tenant ? viewer.roles[tenant.id] : undefined;
  const inTenant = role && tenant ? `${ROLE_LABEL[role]} of ${tenant.name}` : null;
  if (viewer.isAdmin) return inTenant ? `Operator admin · ${inTenant}` : "Operator admin";
  return inTenant ?? "";
}

export interface TenantAccess {
  id: string;
  uid: string | null;
  name: string;
  role: "owner" | "member" | "viewer" | null;
  /** Not a viewer: may create, edit, delete. */
  canWrite: boolean;
  /** Operator admin or tenant owner: may manage members and invitations. */
  canManageMembers: boolean;
  /** Switchable parts of the dashboard: all on, except where a portal session switched them off. */
  features: PortalFeatures;
}

const ViewerContext = createContext<Viewer | null>(null);
const TenantContext = createContext<TenantAccess | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function TenantProvider({ tenant, children }: { tenant: TenantAccess; children: ReactNode }) {
  return <TenantContext.Provider value={tenant}>{children}</TenantContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer needs a <ViewerProvider>");
  return viewer;
}

export function useTenant(): TenantAccess {
  const tenant = useContext(TenantContext);
  if (!tenant) throw new Error("useTenant needs a <TenantProvider>");
  return tenant;
}

/** The tenant's base path in the dashboard. */
export const tenantPath = (tenant: { id: string }, rest = "") => `/t/${encodeURIComponent(tenant.id)}${rest}`;
