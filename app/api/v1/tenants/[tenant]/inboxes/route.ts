import { apiRoute, created, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { inboxCreateSchema } from "@/lib/api/schemas/inboxes";
import { publicOrigin } from "@/lib/auth/session";
import { createInbox, createInboxWithEndpoint, inboxJson, listInboxes } from "@/lib/inboxes/inboxes";

export const POST = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  const { name, endpoint } = await ctx.body(inboxCreateSchema);
  const origin = publicOrigin(ctx.req);
  if (!endpoint) return created(inboxJson(await createInbox(tdb, tenant.id, name), origin));
  const made = await createInboxWithEndpoint(tdb, tenant.id, { name, eventTypes: endpoint.eventTypes }, origin);
  return created({ ...inboxJson(made.inbox, origin), endpointId: made.endpoint.id });
});

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(await listInboxes(tdb, ctx.query(pageQuerySchema), publicOrigin(ctx.req)));
});
