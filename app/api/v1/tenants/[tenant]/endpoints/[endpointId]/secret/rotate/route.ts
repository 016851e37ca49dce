import { apiRoute, json } from "@/lib/api/route";
import { rotateSecretSchema } from "@/lib/api/schemas/messages";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { rotateSecret, secretState } from "@/lib/endpoints/secrets";

export const POST = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  const endpoint = await getEndpoint(tdb, ctx.params.endpointId);
  const { graceSeconds, secret } = await ctx.body(rotateSecretSchema);
  // One transaction: a failure half way must not leave the endpoint without a current secret.
  const state = await tdb.$transaction(async (tx) => {
    await rotateSecret(tx, endpoint.id, graceSeconds, secret);
    return secretState(tx, endpoint.id);
  });
  return json(state);
});
