import { apiRoute, noContent } from "@/lib/api/route";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";

export const DELETE = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  await revokeApiKey(db(), ctx.params.keyId, { scope: "admin" });
  return noContent();
});
