import { apiRoute, json } from "@/lib/api/route";
import { listMembers } from "@/lib/members/members";

export const GET = apiRoute(async (ctx) => {
  const { scope } = await ctx.tenant("read");
  return json({ data: await listMembers(scope), nextCursor: null });
});
