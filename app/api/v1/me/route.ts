// Who the caller is, and the tenants they can open (the dashboard's tenant switcher).
import { apiRoute, json } from "@/lib/api/route";
import { describeCaller } from "@/lib/auth/session";

export const GET = apiRoute(async (ctx) => json(await describeCaller(ctx.principal)));
