// The webhook receiver of the bench, in its own process (so it never shares an event loop with the
// load generator): a plain node:http server that answers 200 at once and records, per request, the
// webhook-id, which endpoint path it came to and when it arrived. Requests to /hang/… are never
// answered (endpoints that hang, on the same host as healthy ones): they are only counted, and
// their connections cut when the parent says "release". The parent drives it over IPC:
//   parent → child  { type: "configure", secret, verifyEvery }   verify every n-th signature
//                   { type: "collect", seq }                     send the records and start afresh
//                   { type: "count", seq }                       how many recorded so far
//                   { type: "release" }                          cut the hanging requests' connections
//   child → parent  { type: "ready", port, pid } · { type: "collected", seq, ...Records } · { type: "count", seq, count }
// Forked by bench/receiver-client.ts; also usable in-process via startReceiverServer().
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceiverRecords {
  /** webhook-id per request, in arrival order. */
  ids: string[];
  /** Index into `paths` per request. */
  pathIndex: Uint16Array;
  paths: string[];
  /** Arrival time per request (ms since the epoch, sub-ms resolution). */
  times: Float64Array;
  verified: number;
  verifyFailures: string[];
  /** Requests without a webhook-id header. */
  anonymous: number;
  /** Requests to /hang/… (never answered). */
  hung: number;
}

type Message =
  | { type: "configure"; secret: string; verifyEvery: number }
  | { type: "collect"; seq: number }
  | { type: "count"; seq: number }
  | { type: "release" }
  | { type: "exit" };

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface ReceiverServer {
  server: http.Server;
  port: number;
  collect(): ReceiverRecords;
  /** Requests recorded since the last collect. */
  count(): number;
  configure(secret: string, verifyEvery: number): void;
  /** Cuts the connections of the requests held unanswered (/hang/…). */
  release(): void;
}

export function startReceiverServer(): Promise<ReceiverServer> {
  let ids: string[] = [];
  let times: number[] = [];
  let pathIdx: number[] = [];
  const paths: string[] = [];
  const pathMap = new Map<string, number>();
  let verified = 0;
  let verifyFailures: string[] = [];
  let anonymous = 0;
  let webhook: Webhook | undefined;
  let verifyEvery = 0;
  let counter = 0;
  let hung = 0;
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const at = nowMs();
    if (req.url?.startsWith("/hang/")) {
      hung++;
      req.resume();
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    const id = req.headers["webhook-id"];
    const url = req.url ?? "/";
    let p = pathMap.get(url);
    if (p === undefined) {
      p = paths.push(url) - 1;
      pathMap.set(url, p);
    }
    if (typeof id === "string") {
      ids.push(id);
      times.push(at);
      pathIdx.push(p);
    } else {
      anonymous++;
    }
    const verify = webhook !== undefined && verifyEvery > 0 && ++counter % verifyEvery === 0;
    if (!verify) {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
        res.end("ok");
      });
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        webhook!.verify(Buffer.concat(chunks).toString("utf8"), {
          "webhook-id": String(req.headers["webhook-id"]),
          "webhook-timestamp": String(req.headers["webhook-timestamp"]),
          "webhook-signature": String(req.headers["webhook-signature"]),
        });
        verified++;
      } catch (err) {
        if (verifyFailures.length < 20) verifyFailures.push(`${String(id)}: ${(err as Error).message}`);
      }
      res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
      res.end("ok");
    });
  });
  // Keep idle keep-alive connections around between phases: a receiver closing a socket just as
  // the sender reuses it makes a failed attempt (and a 5 s retry) that has nothing to do with us.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.maxRequestsPerSocket = 0;

  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        configure(secret, every) {
          webhook = new Webhook(secret);
          verifyEvery = every;
        },
        count: () => ids.length,
        release() {
          for (const res of hanging) res.socket?.destroy();
          hanging.clear();
        },
        collect() {
          const out: ReceiverRecords = {
            ids,
            pathIndex: Uint16Array.from(pathIdx),
            paths: [...paths],
            times: Float64Array.from(times),
            verified,
            verifyFailures,
            anonymous,
            hung,
          };
          hung = 0;
          ids = [];
          times = [];
          pathIdx = [];
          verified = 0;
          verifyFailures = [];
          anonymous = 0;
          return out;
        },
      });
    });
  });
}

// Child-process entry point.
if (process.send && process.argv.includes("--bench-receiver")) {
  const rx = await startReceiverServer();
  process.on("message", (msg: Message) => {
    if (msg.type === "configure") rx.configure(msg.secret, msg.verifyEvery);
    else if (msg.type === "collect") process.send!({ type: "collected", seq: msg.seq, ...rx.collect() });
    else if (msg.type === "count") process.send!({ type: "count", seq: msg.seq, count: rx.count() });
    else if (msg.type === "release") rx.release();
    else if (msg.type === "exit") process.exit(0);
  });
  // The parent going away (crash, Ctrl-C) must not leave us listening; the parent decides when
  // we stop, so a stray SIGINT/SIGTERM to our group is ignored while it is connected.
  process.on("disconnect", () => process.exit(0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (process.connected ? undefined : process.exit(0)));
  process.send({ type: "ready", port: rx.port, pid: process.pid });
}
