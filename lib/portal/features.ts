// What a portal session reaches of its tenant: the tenant's dashboard and API, minus member
// management (members are Hookyard accounts, which a portal exists to do without) and minus the
// parts the operator switched off. Everything else is governed by the session's role, like any key.
// Policy as data: the features table (PORTAL_FEATURES, with the API's names for them, in
// lib/schemas/portal.ts) names the section each feature gates; the API check (lib/auth/principal.ts),
// the dashboard's section layouts and the portal's navigation all read it.
import { PORTAL_FEATURE_NAMES, PORTAL_FEATURES, type PortalFeature, type PortalFeatures } from "../schemas/portal";

/** The dashboard sections and API resources of a tenant that can be out of reach. */
export type TenantSection = (typeof PORTAL_FEATURES)[PortalFeature]["section"] | "members" | "invitations";

/** Sections no portal session reaches, whatever its role. */
const NEVER_IN_PORTAL: ReadonlySet<TenantSection> = new Set(["members", "invitations"]);

export const ALL_FEATURES: PortalFeatures = { apiKeys: true, testInboxes: true };

/**
 * Why a portal session with these features may not use a tenant section, or null when it may.
 * `section` is the first path segment after the tenant (`/t/{tenant}/<section>`,
 * `/api/v1/tenants/{tenant}/<section>`).
 */
export function portalSectionRefusal(features: PortalFeatures, section: string): string | null {
  if (NEVER_IN_PORTAL.has(section as TenantSection)) return "Members are managed by the operator, not from the portal";
  for (const name of PORTAL_FEATURE_NAMES) {
    const feature = PORTAL_FEATURES[name];
    if (feature.section === section && !features[name]) return `This portal session does not include ${feature.label.toLowerCase()}`;
  }
  return null;
}

/**
 * The tenant section an API path addresses (`/api/v1/tenants/{tenant}/<section>/…`), with every
 * segment percent-decoded as the router decodes it, so `%6Dembers` is `members` here too.
 */
export function apiTenantSection(pathname: string): string | null {
  const segments = pathname
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  if (segments[0] !== "api" || segments[1] !== "v1" || segments[2] !== "tenants" || segments.length < 5) return null;
  return segments[4];
}
