// Issue 9, items 3 and 6: the test inbox records what a webhook sender sends and refuses what
// only a browser sends; input PostgreSQL cannot store is a clear 4xx, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, patch, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";

let admin: string;
let tenant: TestTenant;
let t: string;
let inboxPath: string;
let inboxId: string;
let endpointId: string;

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.created");
  tenant = await createTenantWithKey(admin, "Hostile");
  t = `/api/v1/tenants/${tenant.id}`;
  const inbox = await post(`${t}/inboxes`, { name: "inbox" }, admin);
  inboxPath = new URL(inbox.body.url).pathname;
  inboxId = inbox.body.id;
  endpointId = (await post(`${t}/endpoints`, { url: "https://receiver.example.com/h" }, admin)).body.id;
});

const inboxRequests = async () => (await get(`${t}/inboxes/${inboxId}/requests`, admin)).body.data;

describe("the test inbox", () => {
  it("never records a visitor's cookies, and refuses a browser's form post", async () => {
    const session = "next-auth.session-token=admin-session-token";
    // What a page that auto-submits a form to the inbox makes a signed-in browser send.
    const browser = await call("POST", inboxPath, {
      rawBody: "a=1",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: session,
        origin: "http://hookyard.test",
        "sec-fetch-site": "same-origin",
        "sec-fetch-mode": "navigate",
        "sec-fetch-dest": "document",
      },
    });
    expect(browser.status).toBe(403);
    expect(browser.body.error.code).toBe("forbidden");
    for (const headers of [{ "sec-fetch-mode": "no-cors" }, { origin: "https://evil.example" }] as Record<string, string>[]) {
      expect((await call("POST", inboxPath, { rawBody: "{}", headers: { "content-type": "application/json", ...headers } })).status).toBe(403);
    }
    // An old browser without fetch metadata still posts a form encoding: refused too.
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await call("POST", inboxPath, { rawBody: "a=1", headers: { "content-type": type, cookie: session } });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe("unsupported_media_type");
    }
    // A server that sends a cookie anyway is recorded, without it.
    const server = await call("POST", inboxPath, { rawBody: '{"ok":1}', headers: { "content-type": "application/json", cookie: session, authorization: "Bearer for-the-receiver" } });
    expect(server.status).toBe(200);
    const rows = await db().inboxRequest.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("admin-session-token");
    expect(rows[0].headers).toMatchObject({ authorization: "Bearer for-the-receiver" });
    expect(await inboxRequests()).toHaveLength(1);
  });

  it("answers 400 for a NUL byte in the body or the token", async () => {
    const nulBody = await call("POST", inboxPath, { rawBody: '{"a":"\u0000"}', headers: { "content-type": "application/json" } });
    expect(nulBody.status).toBe(400);
    expect(nulBody.body.error.code).toBe("bad_request");
    expect((await call("POST", `${inboxPath}%00`, { rawBody: "{}" })).status).toBe(400);
    expect((await call("POST", "/api/inbox/%00", { rawBody: "{}" })).status).toBe(400);
  });
});

describe("input PostgreSQL cannot store", () => {
  const lone = '"\\ud800"';

  it("a lone UTF-16 surrogate in any JSON value or key is a 422", async () => {
    const cases: [string, string, string][] = [
      ["POST", `${t}/messages`, `{"eventType":"order.created","payload":{"x":${lone}}}`],
      ["POST", `${t}/messages`, `{"eventType":"order.created","payload":{${lone}:1}}`],
      ["POST", `${t}/endpoints/${endpointId}/test`, `{"payload":[${lone}]}`],
      ["POST", `${t}/endpoints`, `{"url":"https://r.example.com/","headers":{"x-token":${lone}}}`],
      ["PATCH", `${t}/endpoints/${endpointId}`, `{"headers":{"x-token":"a\\udc00b"}}`],
      ["POST", "/api/v1/event-types", `{"name":"surrogate.test","examplePayload":{"a":${lone}}}`],
      ["PATCH", "/api/v1/event-types/order.created", `{"examplePayload":${lone}}`],
      ["POST", "/api/v1/tenants", `{"name":${lone}}`],
    ];
    for (const [method, path, rawBody] of cases) {
      const res = await call(method, path, { key: admin, rawBody, headers: { "content-type": "application/json" } });
      expect(res.status, `${method} ${path} ${rawBody}: ${res.text}`).toBe(422);
      expect(res.body.error.message).toMatch(/lone UTF-16 surrogate/);
    }
    // A proper pair (an emoji) is fine.
    expect((await call("POST", `${t}/messages`, { key: admin, rawBody: '{"eventType":"order.created","payload":{"x":"\\ud83d\\ude00"}}' })).status).toBe(202);
  });

  it("dates outside PostgreSQL's range are a 422", async () => {
    for (const path of [`${t}/messages?before=0000-01-01T00:00:00Z`, `${t}/deliveries?after=0000-01-01T00:00:00Z`, `${t}/messages?after=0001-01-01T00:30:00%2B01:00`]) {
      const res = await get(path, admin);
      expect(res.status, path).toBe(422);
      expect(res.body.error.message).toMatch(/between the years 0001 and 9999/);
    }
    expect((await post(`${t}/endpoints/${endpointId}/recover`, { since: "0000-01-01T00:00:00Z" }, admin)).status).toBe(422);
    expect((await get(`${t}/messages?before=0001-01-01T00:00:00Z`, admin)).status).toBe(200);
    expect((await get(`${t}/messages?before=9999-12-31T23:59:59Z`, admin)).status).toBe(200);
  });

  it("an Idempotency-Key header is capped like the body field", async () => {
    const res = await call("POST", `${t}/messages`, { key: admin, body: { eventType: "order.created", payload: {} }, headers: { "idempotency-key": "k".repeat(4000) } });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe("Idempotency-Key");
    const ok = await call("POST", `${t}/messages`, { key: admin, body: { eventType: "order.created", payload: {} }, headers: { "idempotency-key": "k".repeat(200) } });
    expect(ok.status).toBe(202);
  });

  it("/api/inngest is a JSON 404 when the Inngest executor is off, and logs nothing", async () => {
    reloadEnv();
    for (const method of ["GET", "POST", "PUT"]) {
      const res = await call(method, "/api/inngest", { rawBody: method === "GET" ? undefined : "{}" });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("a NUL byte or a malformed escape in a path segment names nothing", async () => {
    expect((await get(`${t}/endpoints/%00`, admin)).status).toBe(400);
    expect((await get(`${t}/endpoints/%E0%A4%A`, admin)).status).toBe(404);
    expect((await patch(`${t}/endpoints/%E0%A4%A`, { description: "x" }, admin)).status).toBe(404);
  });
});

describe("paths no route handles", () => {
  it("are the API's JSON 404", async () => {
    for (const path of ["/api/v2/tenants", "/api/v1/nope", "/api/v1/tenants/x/nope/y"]) {
      const res = await get(path, admin);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });
});
