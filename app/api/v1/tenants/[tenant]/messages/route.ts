import { accepted, apiRoute, json } from "@/lib/api/route";
import { pageQuerySchema } from "@/lib/api/pagination";
import { messageCreateSchema, messageListQuery } from "@/lib/schemas/messages";
import { validationFailed } from "@/lib/errors";
import { listMessages, messageJson } from "@/lib/messages/messages";
import { publishMessage } from "@/lib/messages/publish";

export const POST = apiRoute(async (ctx) => {
  const { tenant, scope } = await ctx.tenant("write");
  const input = await ctx.body(messageCreateSchema);
  const headerKey = ctx.req.headers.get("idempotency-key") ?? undefined;
  if (headerKey !== undefined && !messageCreateSchema.shape.idempotencyKey.safeParse(headerKey).success) {
    throw validationFailed("The Idempotency-Key header must be 1 to 200 characters, like idempotencyKey", [{ path: "Idempotency-Key", message: "1 to 200 characters" }]);
  }
  if (headerKey && input.idempotencyKey && headerKey !== input.idempotencyKey) {
    throw validationFailed("Idempotency-Key header and idempotencyKey differ", [{ path: "idempotencyKey", message: "differs from the header" }]);
  }
  const { message } = await publishMessage(scope, { ...input, idempotencyKey: input.idempotencyKey ?? headerKey }, ctx.rawBodyMember("payload"));
  return accepted(messageJson(message));
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json(await listMessages(scope, ctx.query(messageListQuery), ctx.query(pageQuerySchema)));
});
