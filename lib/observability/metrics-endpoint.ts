// Serving the metrics: GET /api/metrics on the web server (this process's metrics and the
// database-wide gauges, which the route hands in: lib/delivery/database-gauges.ts) and GET /metrics
// on each worker's health port (that worker's own).
//
// Protection: with HOOKYARD_METRICS_TOKEN set, both want `Authorization: Bearer <token>`. Without
// it, /api/metrics — on the public port — is open in development and off in production (404
// saying how to turn it on); a worker's health port is a separate port, on 127.0.0.1 unless
// HOOKYARD_WORKER_HOST says otherwise, so it answers without a token.
import { timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { metrics } from "./metrics";

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const jsonError = (status: number, code: string, message: string, headers: Record<string, string> = {}): MetricsAnswer => ({
  status,
  headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

function tokenMatches(authorization: string | null, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where the metrics are served: the web server's route adds the database-wide gauges (read once
 * for the whole deployment), a worker's health port only its own. */
export type MetricsPlace = { where: "web"; databaseMetricsText: () => Promise<string> } | { where: "worker port" };

export async function answerMetricsRequest(authorization: string | null, place: MetricsPlace): Promise<MetricsAnswer> {
  const e = env();
  const token = e.HOOKYARD_METRICS_TOKEN;
  if (token) {
    if (!tokenMatches(authorization, token)) {
      return jsonError(401, "unauthorized", "Metrics need Authorization: Bearer <HOOKYARD_METRICS_TOKEN>", { "www-authenticate": 'Bearer realm="metrics"' });
    }
  } else if (place.where === "web" && e.NODE_ENV === "production") {
    return jsonError(404, "not_found", "Metrics are off: set HOOKYARD_METRICS_TOKEN to serve them here (or scrape the workers' health ports)");
  }
  const { registry } = metrics();
  let body = await registry.metrics();
  if (place.where === "web") body += `\n${await place.databaseMetricsText()}`;
  return { status: 200, headers: { "content-type": registry.contentType, "cache-control": "no-store" }, body };
}
