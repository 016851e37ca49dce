import { apiRoute, json } from "@/lib/api/route";
import { listMembers } from "@/lib/members/members";

export const GET = apiRoute(async (ctx) => {
  const { tdb } = await ctx.tenant("read");
  return json({ data: await listMembers(tdb), nextCursor: null });
});
