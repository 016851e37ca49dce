import { apiRoute, json, noContent } from "@/lib/api/route";
import { publicOrigin } from "@/lib/auth/session";
import { deleteInbox, getInbox, inboxJson } from "@/lib/inboxes/inboxes";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(inboxJson(await getInbox(tdb, ctx.params.inboxId), publicOrigin(ctx.req)));
});

export const DELETE = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  await deleteInbox(tdb, ctx.params.inboxId);
  return noContent();
});
