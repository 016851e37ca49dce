// POST: the operator's backend asks for a portal link to the tenant's dashboard (lib/portal/sessions.ts).
import { apiRoute, created } from "@/lib/api/route";
import { portalSessionCreateSchema } from "@/lib/schemas/portal";
import { publicOrigin } from "@/lib/request-origin";
import { createPortalSession } from "@/lib/portal/sessions";

// The tenant is resolved before the admin check: another tenant is a 404 to everyone who cannot see it.
export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  ctx.requireAdmin();
  return created(await createPortalSession(scope, await ctx.body(portalSessionCreateSchema), publicOrigin(ctx.req)));
});
