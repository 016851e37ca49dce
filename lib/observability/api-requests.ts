// Every API request as operators see it: an id (taken from `x-request-id` or made, answered in
// the same header, on every log line written while it runs), one log line when it is answered,
// the request metrics, and the publisher's trace continued (traceparent).
//
// Routes are reported by pattern (/api/v1/tenants/[tenant]/messages), never by their actual
// path: that keeps the metric labels bounded, and keeps path secrets (an inbox's capture token)
// and ids out of the metrics. Query strings are not logged.
import { logger } from "./log";
import { metrics } from "./metrics";
import { requestIdFrom, runInRequest } from "./request-context";
import { inRequestTrace } from "./tracing";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type Handler = (req: Request, route: RouteContext) => Promise<Response>;

/** Wraps a route handler (lib/api/route.ts wraps every API route with it). */
export function observed<H extends Handler>(handler: H): H {
  return (async (req: Request, route: RouteContext) => {
    const requestId = requestIdFrom(req.headers);
    return runInRequest({ requestId }, () => inRequestTrace(req.headers, () => answer(req, route, requestId, handler)));
  }) as H;
}

async function answer(req: Request, route: RouteContext | undefined, requestId: string, handler: Handler): Promise<Response> {
  const m = metrics();
  const started = performance.now();
  const pattern = routePattern(new URL(req.url).pathname, (await route?.params) ?? {});
  m.apiInFlight.inc();
  let status = 500;
  try {
    const res = await handler(req, route as RouteContext);
    status = res.status;
    try {
      res.headers.set("x-request-id", requestId);
    } catch {
      // Immutable headers (a redirect): it goes without.
    }
    return res;
  } finally {
    m.apiInFlight.dec();
    const seconds = (performance.now() - started) / 1000;
    m.apiRequests.inc({ route: pattern, method: req.method, status: String(status) });
    m.apiDuration.observe({ route: pattern, method: req.method }, seconds);
    logger().info({ method: req.method, route: pattern, status, durationMs: Math.round(seconds * 10_000) / 10 }, "request");
  }
}

/** The path with each segment that is a route parameter replaced by `[name]`. */
export function routePattern(pathname: string, params: Record<string, string | string[] | undefined>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") byValue.set(value, name);
  }
  return pathname
    .split("/")
    .map((segment) => {
      const name = byValue.get(segment) ?? byValue.get(safeDecode(segment));
      return name ? `[${name}]` : segment;
    })
    .join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
