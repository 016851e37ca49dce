import { apiRoute, json } from "@/lib/api/route";
import { rotateSecretSchema } from "@/lib/schemas/endpoints";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { rotateEndpointSecret } from "@/lib/endpoints/secrets";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const endpoint = await getEndpoint(scope, ctx.params.endpointId);
  const { graceSeconds, secret } = await ctx.body(rotateSecretSchema);
  return json(await rotateEndpointSecret(scope, endpoint.id, graceSeconds, secret));
});
