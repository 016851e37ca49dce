import { apiRoute, json } from "@/lib/api/route";
import { getReplay } from "@/lib/replays/replays";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json(await getReplay(tdb, ctx.params.endpointId, ctx.params.replayId));
});
