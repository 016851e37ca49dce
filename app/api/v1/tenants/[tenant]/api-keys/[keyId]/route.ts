import { apiRoute, noContent } from "@/lib/api/route";
import { revokeApiKey } from "@/lib/auth/api-keys";

/** Revokes the key: it stops working at once and stays listed as revoked. */
export const DELETE = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("write");
  await revokeApiKey(tdb, ctx.params.keyId);
  return noContent();
});
