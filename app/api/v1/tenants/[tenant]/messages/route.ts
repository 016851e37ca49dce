import { accepted, apiRoute, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { messageCreateSchema, messageListQuery } from "@/lib/schemas/messages";
import { idempotencyKeyOf } from "@/lib/messages/idempotency";
import { listMessages, messageJson } from "@/lib/delivery-log/messages";
import { publishMessage } from "@/lib/messages/publish";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const input = await ctx.body(messageCreateSchema);
  const idempotencyKey = idempotencyKeyOf(input.idempotencyKey, ctx.req.headers.get("idempotency-key"));
  const { message } = await publishMessage(scope, { ...input, idempotencyKey }, ctx.rawBodyMember("payload"));
  return accepted(messageJson(message));
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await listMessages(scope, ctx.query(messageListQuery), ctx.query(pageQuerySchema)));
});
