// A worker's health port: GET /health answers 200 while the worker runs and its database
// answers, 503 otherwise (within 2 s either way), with what it is doing. GET /metrics: the
// worker's Prometheus metrics (lib/observability/metrics-endpoint.ts).
import http from "node:http";
import { checkDatabase } from "../db/health";
import { recordsWaiting } from "../delivery/record";
import type { LocalExecutor } from "../executors/local";
import { answerMetricsRequest } from "../observability/metrics-endpoint";

export async function startHealthServer(port: number, executor: LocalExecutor, host = "127.0.0.1"): Promise<{ close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      const answer = await answerMetricsRequest(req.headers.authorization ?? null, "worker port");
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    if (req.method !== "GET" || req.url !== "/health") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const database = await checkDatabase();
    const body = {
      status: database.ok ? "ok" : "error",
      database: database.ok ? "ok" : database.detail,
      inFlight: executor.inFlight,
      recordsWaiting: recordsWaiting(),
      listening: executor.listening,
    };
    res.writeHead(database.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
