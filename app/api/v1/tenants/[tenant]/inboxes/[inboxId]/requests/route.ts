// Requests captured by an inbox, newest first, each with its signature check.
import { apiRoute, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { mayReadHeaderValues } from "@/lib/endpoints/header-masking";
import { listInboxRequests } from "@/lib/inboxes/inboxes";

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  const readHeaders = mayReadHeaderValues(ctx.principal, tenant.id);
  return json(await listInboxRequests(scope, ctx.params.inboxId, ctx.query(pageQuerySchema), { readHeaders }));
});
