import { apiRoute, json, noContent } from "@/lib/api/route";
import { eventTypeUpdateSchema } from "@/lib/schemas/event-types";
import { db } from "@/lib/db/client";
import { deleteEventType, eventTypeJson, getEventType, updateEventType } from "@/lib/event-types/event-types";

export const GET = apiRoute(async (ctx) => json(eventTypeJson(await getEventType(db(), ctx.params.name))));

export const PATCH = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const current = await getEventType(db(), ctx.params.name);
  return json(eventTypeJson(await updateEventType(db(), current, await ctx.body(eventTypeUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const current = await getEventType(db(), ctx.params.name);
  await deleteEventType(db(), current);
  return noContent();
});
