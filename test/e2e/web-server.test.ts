// The production web server (scripts/web-server.mjs) answers a publish straight from the route's
// compiled handler, without Next.js's router; every other request goes through Next.js. A caller
// must not be able to tell: each request below is sent once by the direct path
// (/api/v1/tenants/acme/messages) and once through Next.js (the same tenant, its first letter
// percent-escaped, which the direct path leaves to Next.js and its proxy), and both answers must
// be the same but for one header: Next.js adds `Vary: rsc, next-router-…` (its own page cache's
// key, meaningless on a POST's answer), which also shows which path answered. Then what the
// direct path must leave alone, and a publish's whole trip.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { startServer, type RunningServer } from "./helpers/server";

let server: RunningServer;
let admin = "";
let otherTenantKey = "";
let receiver: Receiver;

const DIRECT = "/api/v1/tenants/acme/messages";
const THROUGH_NEXT = "/api/v1/tenants/%61cme/messages";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, { method: init.method ?? "POST", headers: init.headers, body: init.body, redirect: "manual" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), body };
}

/** What may differ between two answers to the same request: the time, each message's own ids,
 * a request id made for it, and Next.js's `vary`. */
function comparable({ status, headers, body }: Answer, sentRequestId: boolean) {
  const { date: _date, vary: _vary, "x-request-id": requestId, ...rest } = headers;
  if (sentRequestId) rest["x-request-id"] = requestId;
  const ids = JSON.stringify(body).replace(/"(msg|ev)_[A-Za-z0-9]+"/g, '"<id>"').replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"');
  return { status, headers: rest, body: JSON.parse(ids) };
}

const json = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, "content-type": "application/json", ...extra });

describe("the production web server", () => {
  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer({ HOOKYARD_WORKERS: "0", HOOKYARD_MAX_PAYLOAD_BYTES: "2048" });
    admin = (await createApiKey(db(), { name: "web server test", scope: "admin", tenantId: null })).key;
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method: "POST", headers: json(admin), body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as { id: string };
    };
    await call("/api/v1/event-types", { name: "order.paid", examplePayload: { orderId: 1 }, schema: { type: "object", required: ["orderId"] } });
    await call("/api/v1/tenants", { name: "Acme", uid: "acme" });
    const other = await call("/api/v1/tenants", { name: "Other", uid: "other" });
    await call("/api/v1/tenants/acme/endpoints", { url: receiver.url, eventTypes: ["order.paid"] });
    await call("/api/v1/tenants/acme/messages", { eventType: "order.paid", payload: { orderId: 8 }, idempotencyKey: "order-8" });
    otherTenantKey = (await createApiKey(db(), { name: "other tenant", scope: "tenant", tenantId: other.id })).key;
  });

  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  const cases: [string, () => { headers?: Record<string, string>; body?: string }][] = [
    ["a publish", () => ({ headers: json(admin, { "x-request-id": "req-1" }), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 7 } }) })],
    // Sent once before (below): both answers are the repeat's.
    ["an idempotency key sent before", () => ({ headers: json(admin, { "idempotency-key": "order-8" }), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 8 } }) })],
    ["malformed JSON", () => ({ headers: json(admin), body: '{"eventType": "order.paid", "payload": {' })],
    ["a payload its event type's schema refuses", () => ({ headers: json(admin), body: JSON.stringify({ eventType: "order.paid", payload: { total: 1 } }) })],
    ["an unknown event type", () => ({ headers: json(admin), body: JSON.stringify({ eventType: "order.lost", payload: {} }) })],
    ["a body over HOOKYARD_MAX_PAYLOAD_BYTES", () => ({ headers: json(admin), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 1, pad: "x".repeat(4096) } }) })],
    ["a NUL in the payload", () => ({ headers: json(admin), body: '{"eventType":"order.paid","payload":{"orderId":1,"note":"\\u0000"}}' })],
    ["no key", () => ({ headers: { "content-type": "application/json" }, body: "{}" })],
    ["a key that does not exist", () => ({ headers: json("hy_live_nope"), body: "{}" })],
    ["another tenant's key", () => ({ headers: json(otherTenantKey), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 1 } }) })],
  ];

  it.each(cases)("answers %s the same as Next.js does", async (_name, request) => {
    const sent = request();
    const direct = await send(DIRECT, sent);
    const throughNext = await send(THROUGH_NEXT, sent);
    const sentRequestId = "x-request-id" in (sent.headers ?? {});
    expect(comparable(direct, sentRequestId)).toEqual(comparable(throughNext, sentRequestId));
    expect(direct.headers["x-request-id"]).toMatch(/^[\w-]+$/);
    expect([direct.headers.vary, throughNext.headers.vary]).toEqual([undefined, expect.stringContaining("next-router-state-tree")]);
  });

  it("leaves every other request to Next.js: other methods, a trailing slash, other paths", async () => {
    const list = await send(DIRECT, { method: "GET", headers: { authorization: `Bearer ${admin}` } });
    expect(list.status).toBe(200);
    const slash = await send(`${DIRECT}/`, { headers: json(admin), body: "{}" });
    expect([slash.status, slash.headers.location]).toEqual([308, DIRECT]);
    const page = await send("/", { method: "GET" });
    expect(page.status).toBeLessThan(400);
    expect(page.headers["content-security-policy"]).toContain("nonce-"); // the proxy ran
  });

  it("stays up when a publisher hangs up halfway through its body, and stores nothing of it", async () => {
    const before = await db().message.count();
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(server.port, "127.0.0.1", () => {
        socket.write(
          `POST ${DIRECT} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${admin}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"eventType":"order.paid",`,
        );
        setTimeout(() => socket.destroy(), 200);
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const res = await send(DIRECT, { headers: json(admin), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 9 } }) });
    expect(res.status).toBe(202);
    expect(await db().message.count()).toBe(before + 1);
  });

  it("delivers what it accepted, signed, to the tenant's endpoint", async () => {
    const res = await send(DIRECT, { headers: json(admin), body: JSON.stringify({ eventType: "order.paid", payload: { orderId: 4242 } }) });
    expect(res.status).toBe(202);
    await expect.poll(() => receiver.requests.filter((r) => r.body.includes('"orderId":4242')).length, { timeout: 30_000 }).toBe(1);
  });
});
