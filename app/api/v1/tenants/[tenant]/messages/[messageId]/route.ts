import { apiRoute, json } from "@/lib/api/route";
import { getMessage } from "@/lib/messages/messages";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await getMessage(scope, ctx.params.messageId));
});
