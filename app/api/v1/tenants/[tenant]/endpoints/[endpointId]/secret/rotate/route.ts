import { apiRoute, json } from "@/lib/api/route";
import { rotateSecretSchema } from "@/lib/api/schemas/messages";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { rotateSecret } from "@/lib/endpoints/secrets";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  const endpoint = await getEndpoint(tdb, ctx.params.endpointId);
  const { graceSeconds, secret } = await ctx.body(rotateSecretSchema);
  return json({ secret: await rotateSecret(tdb, endpoint.id, graceSeconds, secret) });
});
