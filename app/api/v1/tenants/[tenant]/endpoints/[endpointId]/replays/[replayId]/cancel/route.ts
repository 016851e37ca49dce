import { apiRoute, json } from "@/lib/api/route";
import { cancelReplay } from "@/lib/replays/replays";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  return json(await cancelReplay(scope, ctx.params.endpointId, ctx.params.replayId));
});
