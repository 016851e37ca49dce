import { apiRoute, json } from "@/lib/api/route";
import { getMessage } from "@/lib/delivery-log/messages";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await getMessage(scope, ctx.params.messageId));
});
