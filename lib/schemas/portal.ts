// Portal sessions: POST /api/v1/tenants/{tenant}/portal-sessions (admin) asks for a link that
// opens the tenant's dashboard without a Hookyard account (lib/portal).
import { z } from "zod";
import { idString, isoTime } from "./common";
import { membershipRole } from "./members";

/** The parts of a tenant's dashboard and API an operator can switch off in a portal session: the
 * API's name of each, the section it gates (lib/portal/features.ts applies it), and how the
 * portal's navigation and the API docs call it. */
export const PORTAL_FEATURES = {
  testInboxes: { label: "Test inboxes", section: "inboxes", description: "Test inboxes: capture URLs hosted by this Hookyard, and the endpoint quick start that makes one" },
  apiKeys: { label: "API keys", section: "api-keys", description: "The tenant's API keys page and routes (a tenant's own programs calling Hookyard)" },
} as const;

export type PortalFeature = keyof typeof PORTAL_FEATURES;
export type PortalFeatures = Record<PortalFeature, boolean>;
export const PORTAL_FEATURE_NAMES = Object.keys(PORTAL_FEATURES) as PortalFeature[];

export const PORTAL_SESSION_DEFAULT_SECONDS = 60 * 60;
export const PORTAL_SESSION_MAX_SECONDS = 7 * 24 * 60 * 60;

const featureFlags = Object.fromEntries(
  Object.entries(PORTAL_FEATURES).map(([name, feature]) => [name, z.boolean().optional().meta({ description: `${feature.description}. Default true` })]),
) as Record<PortalFeature, z.ZodOptional<z.ZodBoolean>>;

export const portalFeaturesSchema = z
  .object(featureFlags)
  .strict()
  .meta({ id: "PortalFeatures", description: "Parts of the dashboard to switch off (false). Members are never in the portal." });

export const portalThemeSchema = z
  .object({
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #0f766e")
      .optional()
      .meta({ description: "Buttons, links and highlights; darkened where needed so white text on it stays readable" }),
    logoUrl: z
      .string()
      .max(96 * 1024)
      .optional()
      .meta({ description: "Shown instead of the tenant's name: a URL on one of HOOKYARD_PORTAL_ORIGINS, or a data:image/… URL (at most 64 KiB)" }),
    hideSidebar: z.boolean().optional().meta({ description: "Navigate with a slim bar of tabs on top instead of the sidebar (for narrow frames)" }),
  })
  .strict()
  .meta({ id: "PortalTheme" });

export const portalSessionCreateSchema = z
  .object({
    role: membershipRole.meta({ description: "What the session may do in the tenant: viewer (read only), member, owner" }),
    expiresIn: z
      .number()
      .int()
      .min(60)
      .max(PORTAL_SESSION_MAX_SECONDS)
      .default(PORTAL_SESSION_DEFAULT_SECONDS)
      .meta({ description: "Seconds the session lasts from now (60 to 604800, default 3600); it does not slide. The link itself must be opened within 5 minutes." }),
    returnUrl: z
      .string()
      .max(2048)
      .optional()
      .meta({ description: "Your page to go back to (a link in the portal, opened in the top window); must be on one of HOOKYARD_PORTAL_ORIGINS" }),
    features: portalFeaturesSchema.optional(),
    theme: portalThemeSchema.optional(),
  })
  .strict()
  .meta({ id: "PortalSessionCreate" });

export const portalSessionSchema = z
  .object({
    id: idString("pts").meta({ description: "Revoke the session with DELETE …/portal-sessions/{id}" }),
    url: z.string().meta({ description: "The single-use link: show it in an iframe (or open it) right away" }),
    expiresAt: isoTime.meta({ description: "When the session ends, whatever happens in it" }),
  })
  .meta({ id: "PortalSession" });

/** POST /api/auth/portal: the dashboard's portal page exchanges the link's token for a session cookie. */
export const portalRedeemSchema = z.object({ token: z.string().min(1).max(200) }).strict();

export type PortalSessionCreate = z.infer<typeof portalSessionCreateSchema>;
export type PortalTheme = z.infer<typeof portalThemeSchema>;
export type PortalSessionJson = z.infer<typeof portalSessionSchema>;
