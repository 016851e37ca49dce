// Who is looking at a dashboard page: a signed-in user, or a portal session (lib/portal) — as a
// Principal, so pages decide who sees which tenant with the same functions as the API
// (lib/auth/tenant-access.ts). A browser holding a portal cookie is in the portal: a live session
// wins over a user session (the portal was opened on purpose), and an ended one shows the portal's
// "ended" page rather than a sign-in page inside the operator's iframe — unless a user is signed in.
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { portalTokenFrom } from "../portal/cookie";
import { portalSectionRefusal, type TenantSection } from "../portal/features";
import { portalSessionByToken, type EndedPortalSession, type PortalSession } from "../portal/sessions";
import { dashboardUser } from "./next-auth";
import type { Principal } from "./principal";
import type { SessionUser } from "./session";

export type DashboardCaller =
  | { kind: "user"; user: SessionUser; principal: Principal }
  | { kind: "portal"; portal: PortalSession; principal: Principal }
  | { kind: "portal_ended"; ended: EndedPortalSession };

/** The caller of the page being rendered (deduplicated per request), or null: nobody. */
export const dashboardCaller = cache(async (): Promise<DashboardCaller | null> => {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  const portalToken = portalTokenFrom((name) => jar.get(name)?.value);
  const portal = portalToken ? await portalSessionByToken(portalToken) : null;
  if (portal && !("ended" in portal)) {
    return {
      kind: "portal",
      portal,
      principal: { type: "portal", sessionId: portal.id, tenantId: portal.tenantId, role: portal.role, features: portal.features },
    };
  }
  const user = await dashboardUser();
  if (user) return { kind: "user", user, principal: { type: "user", userId: user.id, isAdmin: user.isAdmin, roles: user.roles } };
  if (portalToken) return { kind: "portal_ended", ended: portal && "ended" in portal ? portal.ended : { returnUrl: null, theme: {} } };
  return null;
});

/** The caller's principal when there is a live one (null: nobody, or an ended portal session). */
export async function dashboardPrincipal(): Promise<Principal | null> {
  const caller = await dashboardCaller();
  return caller && caller.kind !== "portal_ended" ? caller.principal : null;
}

/**
 * For the layout of a tenant section (`/t/{tenant}/<section>`): a portal session that does not
 * include the section (lib/portal/features.ts) finds nothing there, like the API answers it.
 */
export async function requireTenantSection(section: TenantSection): Promise<void> {
  const caller = await dashboardCaller();
  if (caller?.kind === "portal" && portalSectionRefusal(caller.portal.features, section)) notFound();
}
