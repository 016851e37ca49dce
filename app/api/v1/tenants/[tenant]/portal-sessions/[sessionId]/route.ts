// DELETE: the operator ends a portal session now.
import { notFound } from "@/lib/errors";
import { apiRoute, noContent } from "@/lib/api/route";
import { endPortalSession, portalSessionExists } from "@/lib/portal/sessions";

// The session is looked up before the admin check: another tenant's is a 404 to everyone, as
// everything of another tenant's is, never a 403.
export const DELETE = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  if (!(await portalSessionExists(scope, ctx.params.sessionId))) throw notFound("Portal session");
  ctx.requireAdmin();
  await endPortalSession(scope, ctx.params.sessionId);
  return noContent();
});
