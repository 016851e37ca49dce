import { apiRoute, json } from "@/lib/api/route";
import { cancelReplay } from "@/lib/replays/replays";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  return json(await cancelReplay(tdb, ctx.params.endpointId, ctx.params.replayId));
});
