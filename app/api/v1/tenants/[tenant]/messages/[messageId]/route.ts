import { apiRoute, json } from "@/lib/api/route";
import { getMessage } from "@/lib/messages/messages";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(await getMessage(tdb, ctx.params.messageId));
});
