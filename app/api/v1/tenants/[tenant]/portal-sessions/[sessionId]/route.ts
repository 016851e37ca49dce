// DELETE: the operator ends a portal session now.
import { notFound } from "@/lib/api/errors";
import { apiRoute, noContent } from "@/lib/api/route";
import { endPortalSession } from "@/lib/portal/sessions";

export const DELETE = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  ctx.requireAdmin();
  if (!(await endPortalSession(tdb, ctx.params.sessionId))) throw notFound("Portal session");
  return noContent();
});
