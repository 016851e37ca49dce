import { accepted, apiRoute, json } from "@/lib/api/route";
import { replayCreateSchema } from "@/lib/schemas/replays";
import { createReplay, dryRun, listReplays } from "@/lib/replays/replays";

/** A dry run answers 200 with the counts; a replay 202 (also when an idempotency key returns the
 * replay it started before). */
export const POST = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("write");
  const input = await ctx.body(replayCreateSchema);
  if (input.dryRun) return json(await dryRun(scope, ctx.params.endpointId, input));
  return accepted((await createReplay(scope, ctx.params.endpointId, input)).replay);
});

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json({ data: await listReplays(scope, ctx.params.endpointId) });
});
