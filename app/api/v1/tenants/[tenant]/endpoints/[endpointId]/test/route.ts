import { accepted, apiRoute } from "@/lib/api/route";
import { testEventSchema } from "@/lib/schemas/endpoints";
import { sendTestEvent } from "@/lib/endpoints/test-event";

export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  return accepted(await sendTestEvent(scope, ctx.params.endpointId, await ctx.body(testEventSchema)));
});
