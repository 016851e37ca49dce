import { apiRoute, created, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { inboxCreateSchema } from "@/lib/api/schemas/inboxes";
import { publicOrigin } from "@/lib/auth/session";
import { createInbox, inboxJson, listInboxes } from "@/lib/inboxes/inboxes";

export const POST = apiRoute(async (ctx) => {
  const { tenant, tdb } = await ctx.tenant("write");
  const { name } = await ctx.body(inboxCreateSchema);
  return created(inboxJson(await createInbox(tdb, tenant.id, name), publicOrigin(ctx.req)));
});

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(await listInboxes(tdb, ctx.query(pageQuerySchema), publicOrigin(ctx.req)));
});
