import { apiRoute, created, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { inboxCreateSchema } from "@/lib/schemas/inboxes";
import { publicOrigin } from "@/lib/request-origin";
import { createInboxWithEndpoint } from "@/lib/inboxes/quick-start";
import { createInbox, inboxJson, listInboxes } from "@/lib/inboxes/inboxes";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const { name, endpoint } = await ctx.body(inboxCreateSchema);
  const origin = publicOrigin(ctx.req);
  if (!endpoint) return created(inboxJson(await createInbox(scope, name), origin));
  const made = await createInboxWithEndpoint(scope, { name, eventTypes: endpoint.eventTypes }, origin);
  return created({ ...inboxJson(made.inbox, origin), endpointId: made.endpoint.id });
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await listInboxes(scope, ctx.query(pageQuerySchema), publicOrigin(ctx.req)));
});
