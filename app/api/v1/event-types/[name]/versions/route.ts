import { apiRoute, created, json } from "@/lib/api/route";
import { eventTypeVersionCreateSchema } from "@/lib/schemas/event-types";
import { isAdmin } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { getEventType } from "@/lib/event-types/event-types";
import { createVersion, listVersions } from "@/lib/event-types/versions";

export const GET = apiRoute(async (ctx) => {
  const type = await getEventType(db(), ctx.params.name);
  return json({ data: await listVersions(db(), type, isAdmin(ctx.principal)) });
});

export const POST = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const type = await getEventType(db(), ctx.params.name);
  return created(await createVersion(db(), type, await ctx.body(eventTypeVersionCreateSchema)));
});
