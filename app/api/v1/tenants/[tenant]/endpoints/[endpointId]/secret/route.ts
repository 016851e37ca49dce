import { forbidden } from "@/lib/errors";
import { apiRoute, json } from "@/lib/api/route";
import { may } from "@/lib/auth/roles";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { secretState } from "@/lib/endpoints/secrets";

export const GET = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("read");
  const endpoint = await getEndpoint(scope, ctx.params.endpointId);
  // The secret is a credential (whoever holds it can forge our webhooks): read-only users don't get it.
  if (!may(ctx.principal, tenant.id, "readCredentials")) throw forbidden("Viewers cannot reveal signing secrets");
  return json(await secretState(scope.db, endpoint.id));
});
