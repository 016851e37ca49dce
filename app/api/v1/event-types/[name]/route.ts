import { apiRoute, json, noContent } from "@/lib/api/route";
import { notFound } from "@/lib/api/errors";
import { eventTypeUpdateSchema } from "@/lib/api/schemas/event-types";
import { db } from "@/lib/db/client";
import { deleteEventType, eventTypeJson, updateEventType } from "@/lib/event-types/event-types";

async function findByName(name: string) {
  const eventType = await db().eventType.findUnique({ where: { name } });
  if (!eventType) throw notFound(`Event type "${name}"`);
  return eventType;
}

export const GET = apiRoute(async (ctx) => json(eventTypeJson(await findByName(ctx.params.name))));

export const PATCH = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const current = await findByName(ctx.params.name);
  return json(eventTypeJson(await updateEventType(db(), current, await ctx.body(eventTypeUpdateSchema))));
});

export const DELETE = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  const current = await findByName(ctx.params.name);
  await deleteEventType(db(), current);
  return noContent();
});
