// A worker's health port: GET /health answers 200 while the worker runs and its database
// answers, 503 otherwise (within 2 s either way), with what it is doing. It closes when the
// worker starts stopping. GET /metrics: the worker's Prometheus metrics
// (lib/observability/metrics-endpoint.ts).
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { checkDatabase } from "../db/health";
import { recordsWaiting } from "../delivery/record";
import { answerMetricsRequest } from "../observability/metrics-endpoint";

export interface WorkerStatus {
  inFlight: number;
  listening: boolean;
}

/** Listens on `host`:`port`; `status` is read on each request (undefined: not delivering yet). */
export async function startHealthServer(
  port: number,
  status: () => WorkerStatus | undefined,
  host = "127.0.0.1",
): Promise<{ close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      const answer = await answerMetricsRequest(req.headers.authorization ?? null, { where: "worker port" });
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    if (req.method !== "GET" || req.url !== "/health") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const database = await checkDatabase();
    const worker = status();
    const ok = database.ok && worker !== undefined;
    const body = {
      status: ok ? "ok" : database.ok ? "starting" : "error",
      database: database.ok ? "ok" : database.detail,
      inFlight: worker?.inFlight ?? 0,
      recordsWaiting: recordsWaiting(),
      listening: worker?.listening ?? false,
    };
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  });
  await listenWhenFree(server, port, host);
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A worker of a run killed a moment ago may still hold the port while it notices (its supervisor
 * was killed outright; it looks every 500 ms and closes the port first): wait that out, but not a
 * port that stays taken — shorter than the supervisor's start-up window, so that is a clear
 * start-up failure rather than a crash to retry. */
const PORT_BUSY_WAIT_MS = 3_000;

async function listenWhenFree(server: http.Server, port: number, host: string): Promise<void> {
  const deadline = Date.now() + PORT_BUSY_WAIT_MS;
  for (;;) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
      if (Date.now() > deadline) throw new Error(`the health port ${host}:${port} is in use (HOOKYARD_WORKER_PORT): stop whatever holds it or choose another port`);
      await sleep(250);
    }
  }
}
