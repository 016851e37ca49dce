import { apiRoute, json, noContent } from "@/lib/api/route";
import { publicOrigin } from "@/lib/request-origin";
import { deleteInbox, getInbox, inboxJson } from "@/lib/inboxes/inboxes";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(inboxJson(await getInbox(scope, ctx.params.inboxId), publicOrigin(ctx.req)));
});

export const DELETE = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  await deleteInbox(scope, ctx.params.inboxId);
  return noContent();
});
