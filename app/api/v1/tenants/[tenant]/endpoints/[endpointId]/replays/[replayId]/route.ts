import { apiRoute, json } from "@/lib/api/route";
import { getReplay } from "@/lib/replays/replays";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await getReplay(scope, ctx.params.endpointId, ctx.params.replayId));
});
