import { apiRoute, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { isAdmin } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { getEventType } from "@/lib/event-types/event-types";
import { listVersions } from "@/lib/event-types/versions";

export const GET = apiRoute(async (ctx) => {
  const type = await getEventType(db(), ctx.params.name);
  const version = (await listVersions(db(), type, isAdmin(ctx.principal))).find((v) => String(v.version) === ctx.params.version);
  if (!version) throw notFound(`Version ${ctx.params.version} of "${type.name}"`);
  return json(version);
});
