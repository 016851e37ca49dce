// The Inngest executor's functions, served to Inngest (the Dev Server or `inngest start`). Under
// any other executor the route is off: a JSON 404, not the SDK's complaints (a 500 per request).
import { serve } from "inngest/next";
import { DomainError } from "@/lib/errors";
import { publicRoute } from "@/lib/api/route";
import { env } from "@/lib/env";
import { inngest } from "@/lib/executors/inngest/client";
import { functions } from "@/lib/executors/inngest/functions";

const served = serve({ client: inngest, functions });

type Method = keyof typeof served;
type Context = Parameters<(typeof served)["POST"]>[1];

function whenEnabled(method: Method) {
  const off = publicRoute(async () => {
    throw new DomainError(404, "not_found", "The Inngest route is off: HOOKYARD_EXECUTOR is not inngest");
  });
  return (req: Request, ctx: Context) => (env().HOOKYARD_EXECUTOR === "inngest" ? served[method](req as never, ctx) : off(req, ctx as never));
}

export const GET = whenEnabled("GET");
export const POST = whenEnabled("POST");
export const PUT = whenEnabled("PUT");
