import { apiRoute, created, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { inboxCreateSchema } from "@/lib/schemas/inboxes";
import { publicOrigin } from "@/lib/auth/session";
import { createInbox, inboxJson, listInboxes } from "@/lib/inboxes/inboxes";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const { name } = await ctx.body(inboxCreateSchema);
  return created(inboxJson(await createInbox(scope, name), publicOrigin(ctx.req)));
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await listInboxes(scope, ctx.query(pageQuerySchema), publicOrigin(ctx.req)));
});
