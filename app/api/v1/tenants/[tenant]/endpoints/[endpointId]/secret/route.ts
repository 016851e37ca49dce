import { apiRoute, json } from "@/lib/api/route";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { currentSecret } from "@/lib/endpoints/secrets";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  const endpoint = await getEndpoint(tdb, ctx.params.endpointId);
  return json({ secret: await currentSecret(tdb, endpoint.id) });
});
