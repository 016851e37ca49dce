// sendWebhook against real HTTP servers on 127.0.0.1: every outcome category, the response cap,
// the SSRF guard (with a request count proving nothing reached the server) and a real signature
// check by a receiver using the standardwebhooks library.
import http from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { MAX_RESPONSE_BODY_BYTES, closeAllAgents, createDeliveryAgent, sendWebhook } from "../../../lib/delivery/http-client";
import { buildWebhookBody, buildWebhookHeaders, generateSecret } from "../../../lib/delivery/signing";

interface TestServer {
  port: number;
  url: string;
  /** Requests that reached the handler, with their raw body. */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  connections: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  const state = { connections: 0 };
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => closeAllAgents());

const base = { headers: { "content-type": "application/json" }, body: '{"hello":"world"}', timeoutMs: 5_000, allowPrivate: true };

describe("sendWebhook outcomes", () => {
  it("200: ok, with status, headers and body captured", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "x-receiver": "yes" });
      res.end("thanks");
    });
    const outcome = await sendWebhook({ ...base, url: server.url });
    expect(outcome).toMatchObject({ ok: true, status: 200, body: "thanks", errorCategory: null, error: null });
    expect(outcome.headers).toMatchObject({ "content-type": "text/plain", "x-receiver": "yes" });
    expect(outcome.durationMs).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/hook", body: '{"hello":"world"}' });
  });

  it("500: failed with http_status and the error body kept", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500);
      res.end("database on fire");
    });
    const outcome = await sendWebhook({ ...base, url: server.url });
    expect(outcome).toMatchObject({ ok: false, status: 500, body: "database on fire", errorCategory: "http_status", error: "HTTP 500" });
  });

  it("3xx: a failure, and the redirect is not followed", async () => {
    const target = await startServer((_req, res) => res.end("should not be reached"));
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: target.url });
      res.end();
    });
    const outcome = await sendWebhook({ ...base, url: server.url });
    expect(outcome).toMatchObject({ ok: false, status: 302, errorCategory: "http_status" });
    expect(outcome.error).toMatch(/^HTTP 302/);
    expect(target.requests).toHaveLength(0);
  });

  it("a server slower than timeoutMs: timeout, within the budget", async () => {
    const server = await startServer((_req, res) => {
      setTimeout(() => res.end("too late"), 3_000);
    });
    const outcome = await sendWebhook({ ...base, url: server.url, timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "timeout", error: "Timed out after 300 ms" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
    expect(outcome.durationMs).toBeLessThan(2_000);
  });

  it("the timeout covers the response body too", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write("partial ");
      setTimeout(() => res.end("rest"), 3_000);
    });
    const outcome = await sendWebhook({ ...base, url: server.url, timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, status: 200, body: "partial ", errorCategory: "timeout" });
    expect(outcome.durationMs).toBeLessThan(2_000);
  });

  it("a closed port: connection_refused", async () => {
    const server = await startServer(() => {});
    const { port } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const outcome = await sendWebhook({ ...base, url: `http://127.0.0.1:${port}/hook` });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "connection_refused" });
    expect(outcome.error).toMatch(/ECONNREFUSED 127\.0\.0\.1/);
  });

  it("a 1 MiB response body is captured truncated to 64 KiB", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(1024 * 1024));
    });
    const outcome = await sendWebhook({ ...base, url: server.url });
    expect(outcome.ok).toBe(true);
    expect(MAX_RESPONSE_BODY_BYTES).toBe(64 * 1024);
    expect(outcome.body).toHaveLength(64 * 1024);
  });

  it("an endless response body doesn't hold the request: capped and cut off", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, "y");
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const outcome = await sendWebhook({ ...base, url: server.url, timeoutMs: 3_000 });
    expect(outcome).toMatchObject({ ok: true, status: 200, errorCategory: null });
    expect(outcome.body).toHaveLength(MAX_RESPONSE_BODY_BYTES);
    expect(outcome.durationMs).toBeLessThan(2_000);
  });

  it("an unresolvable host: dns", async () => {
    for (const allowPrivate of [true, false]) {
      const outcome = await sendWebhook({ ...base, url: "http://nonexistent.invalid/hook", allowPrivate });
      expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "dns" });
      expect(outcome.error).toMatch(/nonexistent\.invalid/);
    }
  });

  it("https to a plain-HTTP server: tls", async () => {
    const server = await startServer((_req, res) => res.end("plain"));
    const outcome = await sendWebhook({ ...base, url: `https://127.0.0.1:${server.port}/hook` });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "tls" });
    expect(outcome.error).toMatch(/^TLS error \(ERR_SSL_\w+\): [a-z ]+$/);
  });

  it("a server that drops the connection: other, with a clear message", async () => {
    const server = await startServer((req) => req.socket.destroy());
    const outcome = await sendWebhook({ ...base, url: server.url });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "other" });
    expect(outcome.error).toMatch(/closed the connection|reset/);
  });

  it("never throws, even for a malformed URL or header", async () => {
    expect(await sendWebhook({ ...base, url: "not a url" })).toMatchObject({ ok: false, errorCategory: "other" });
    const server = await startServer((_req, res) => res.end());
    const outcome = await sendWebhook({ ...base, url: server.url, headers: { "x-bad": "a\r\nb" } });
    expect(outcome).toMatchObject({ ok: false, errorCategory: "other" });
    expect(outcome.error).toMatch(/invalid x-bad header/);
  });

  it("reuses keep-alive connections across sends", async () => {
    const server = await startServer((_req, res) => res.end("ok"));
    for (let i = 0; i < 20; i++) expect((await sendWebhook({ ...base, url: server.url })).ok).toBe(true);
    expect(server.requests).toHaveLength(20);
    // Not exactly 1: undici hands a connection back to its pool a tick after the response ends,
    // so a send issued right away may open a second one. Per-request connections would make 20.
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});

describe("SSRF guard", () => {
  const denied = { ...base, allowPrivate: false };

  it("refuses 127.0.0.1 and the request never reaches the server", async () => {
    const server = await startServer((_req, res) => res.end("reached"));
    const outcome = await sendWebhook({ ...denied, url: server.url });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "blocked" });
    expect(outcome.error).toMatch(/127\.0\.0\.1: loopback address/);
    expect(server.requests).toHaveLength(0);
    expect(server.connections).toBe(0);
  });

  it("refuses numeric spellings of loopback", async () => {
    const server = await startServer((_req, res) => res.end("reached"));
    for (const host of ["2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "0"]) {
      const outcome = await sendWebhook({ ...denied, url: `http://${host}:${server.port}/hook` });
      expect(outcome.errorCategory, host).toBe("blocked");
    }
    expect(server.connections).toBe(0);
  });

  it("refuses localhost after resolving it, at connect time", async () => {
    const server = await startServer((_req, res) => res.end("reached"));
    const outcome = await sendWebhook({ ...denied, url: `http://localhost:${server.port}/hook` });
    expect(outcome).toMatchObject({ ok: false, status: null, errorCategory: "blocked" });
    expect(outcome.error).toMatch(/localhost \((127\.0\.0\.1|::1)\)/);
    expect(server.connections).toBe(0);
  });

  it("refuses a name that rebinds to loopback when the connection is made", async () => {
    const server = await startServer((_req, res) => res.end("reached"));
    // The attacker's DNS: whatever was checked before, the answer at connect time is loopback.
    const rebinding: LookupFunction = (_hostname, options, callback) => {
      const answer = [{ address: "127.0.0.1", family: 4 }];
      process.nextTick(() => (options.all ? callback(null, answer) : callback(null, "127.0.0.1", 4)));
    };
    const dispatcher = createDeliveryAgent({ allowPrivate: false, resolve: rebinding });
    try {
      const outcome = await sendWebhook({ ...denied, url: `http://rebind.example:${server.port}/hook`, dispatcher });
      expect(outcome).toMatchObject({ ok: false, errorCategory: "blocked" });
      expect(outcome.error).toMatch(/rebind\.example \(127\.0\.0\.1\)/);
      expect(server.connections).toBe(0);
    } finally {
      await dispatcher.close();
    }
  });

  it("lets the same request through when private URLs are allowed", async () => {
    const server = await startServer((_req, res) => res.end("reached"));
    const outcome = await sendWebhook({ ...base, url: `http://localhost:${server.port}/hook` });
    expect(outcome).toMatchObject({ ok: true, body: "reached" });
  });
});

describe("a signed webhook, end to end", () => {
  it("is verified by a receiver using standardwebhooks (raw body + headers), through a secret rotation", async () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const verifiedWith: string[] = [];
    const server = await startServer((req, res, rawBody) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        for (const [name, secret] of [["old", oldSecret], ["new", newSecret]]) {
          new Webhook(secret).verify(rawBody, headers);
          verifiedWith.push(name);
        }
        res.writeHead(204);
        res.end();
      } catch (err) {
        res.writeHead(400);
        res.end(String(err));
      }
    });
    const msgId = "msg_2x4y6z8";
    const body = buildWebhookBody({ eventType: "invoice.paid", createdAt: new Date(), payload: { amount: 4200, currency: "eur", note: "ünïcode ✓" } });
    const headers = buildWebhookHeaders({ msgId, timestamp: new Date(), body, secrets: [newSecret, oldSecret], customHeaders: { "x-team": "billing" } });

    const outcome = await sendWebhook({ url: server.url, headers, body, timeoutMs: 5_000, allowPrivate: true });
    expect(outcome).toMatchObject({ ok: true, status: 204, errorCategory: null });
    expect(verifiedWith).toEqual(["old", "new"]);
    const [received] = server.requests;
    expect(received.headers["webhook-id"]).toBe(msgId);
    expect(received.headers["user-agent"]).toBe("Hookyard-Webhooks/1.0");
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.headers["x-team"]).toBe("billing");
    expect(received.body).toBe(body);

    // The same bytes with a different body fail: the receiver's check is real.
    const tampered = await sendWebhook({ url: server.url, headers, body: body.replace("4200", "1"), timeoutMs: 5_000, allowPrivate: true });
    expect(tampered).toMatchObject({ ok: false, status: 400, errorCategory: "http_status" });
    expect(tampered.body).toMatch(/No matching signature/);
  });
});
