// POST /api/auth/portal {"token"}: the portal page (/portal, inside the operator's iframe) exchanges
// a portal link's token for the session cookie, and learns where the tenant's dashboard is. Same
// origin only: another site must not be able to sign a visitor into a portal session of its choosing.
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { parseWith, publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request-body";
import { portalRedeemSchema } from "@/lib/schemas/portal";
import { parseCookies } from "@/lib/auth/session";
import { isSameOrigin } from "@/lib/request-origin";
import { portalSetCookie, portalTokenFrom } from "@/lib/portal/cookie";
import { redeemPortalLink } from "@/lib/portal/sessions";

const REFUSALS = {
  expired: "This link has expired. Links must be opened within 5 minutes, and open a session that ends at a set time.",
  used: "This link was already used. Each link opens one browser once: reload the page you came from for a new one.",
} as const;

export const POST = publicRoute(async (req) => {
  if (!isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  const { token } = parseWith(portalRedeemSchema, await readJsonBody(req, 4 * 1024), "request body");
  const cookies = parseCookies(req.headers.get("cookie"));
  const result = await redeemPortalLink(token, portalTokenFrom((name) => cookies.get(name)));
  if (!result.ok) {
    if (result.reason === "unknown") throw notFound("Portal link");
    throw new DomainError(410, "gone", REFUSALS[result.reason]);
  }
  return Response.json(
    { redirectTo: `/t/${encodeURIComponent(result.session.tenantId)}/endpoints` },
    { headers: { "set-cookie": portalSetCookie(req, result.sessionToken, result.session.expiresAt) } },
  );
});
