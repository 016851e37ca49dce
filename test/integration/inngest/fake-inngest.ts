// A stand-in for Inngest's event API and sync endpoint on 127.0.0.1 (the Inngest Dev Server
// cannot be installed here): records every event Hookyard sends and every function sync, so
// tests assert on what really went over the wire.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SentEvent {
  id?: string;
  name: string;
  data: Record<string, any>;
  ts?: number;
  /** The event key in the URL (/e/<key>). */
  eventKey: string;
}

export interface FakeInngest {
  url: string;
  events: SentEvent[];
  /** Bodies of POST /fn/register (function syncs). */
  registrations: any[];
  /** While true, every request is answered 503 (Inngest unreachable). */
  down: boolean;
  named(name: string): SentEvent[];
  close(): Promise<void>;
}

export async function startFakeInngest(): Promise<FakeInngest> {
  const fake: Omit<FakeInngest, "url" | "close"> = {
    events: [],
    registrations: [],
    down: false,
    named: (name) => fake.events.filter((e) => e.name === name),
  };
  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (fake.down) return reply(503, { error: "unavailable", status: 503 });
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
      const eventKey = /^\/e\/([^/]+)$/.exec(path)?.[1];
      if (req.method === "POST" && eventKey) {
        const sent = (Array.isArray(body) ? body : [body]) as Omit<SentEvent, "eventKey">[];
        fake.events.push(...sent.map((e) => ({ ...e, eventKey })));
        return reply(200, { ids: sent.map((e) => e.id ?? `evt_${++counter}`), status: 200 });
      }
      if (req.method === "POST" && path === "/fn/register") {
        fake.registrations.push(body);
        return reply(200, { ok: true, modified: true });
      }
      reply(404, { error: `no fake for ${req.method} ${path}`, status: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
