import { apiRoute, created, json } from "@/lib/api/route";
import { pageArgs, toPage } from "@/lib/db/pagination";
import { pageQuerySchema } from "@/lib/api/pagination";
import { eventTypeCreateSchema, eventTypeListQuery } from "@/lib/schemas/event-types";
import { db } from "@/lib/db/client";
import { createEventType, eventTypeJson, listEventTypes } from "@/lib/event-types/event-types";

export const POST = apiRoute(async (ctx) => {
  ctx.requireAdmin();
  return created(eventTypeJson(await createEventType(db(), await ctx.body(eventTypeCreateSchema))));
});

export const GET = apiRoute(async (ctx) => {
  const page = ctx.query(pageQuerySchema);
  const { includeArchived } = ctx.query(eventTypeListQuery);
  const args = pageArgs(page);
  const rows = await listEventTypes(db(), { ...args, where: { ...args.where, ...(includeArchived ? {} : { archived: false }) } });
  return json(toPage(rows, page, eventTypeJson));
});
