// Test inboxes: capture through the public URL, list, and Standard Webhooks signature checks
// against the secrets of the endpoints pointing at the inbox.
import { beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { call, del, get, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { buildWebhookBody, buildWebhookHeaders } from "../../../lib/delivery/signing";

let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  const admin = await adminKey();
  a = await createTenantWithKey(admin, "Inbox A");
  b = await createTenantWithKey(admin, "Inbox B");
});

const inboxPath = (url: string) => new URL(url).pathname;

describe("test inboxes", () => {
  it("creates an inbox with an absolute capture URL and lists it", async () => {
    const created = await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "First" }, a.key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "First" });
    expect(created.body.id).toMatch(/^inb_/);
    expect(created.body.url).toMatch(/^http:\/\/hookyard\.test\/api\/inbox\/[A-Za-z0-9_-]{20,}$/);
    const list = await get(`/api/v1/tenants/${a.id}/inboxes`, a.key);
    expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect((await get(`/api/v1/tenants/${b.id}/inboxes`, b.key)).body.data).toEqual([]);
    expect((await get(`/api/v1/tenants/${a.id}/inboxes/${created.body.id}/requests`, b.key)).status).toBe(404);
    expect((await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "" }, a.key)).status).toBe(422);
  });

  it("captures any request and verifies a real Standard Webhooks signature", async () => {
    const inbox = (await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Signed" }, a.key)).body;
    const endpoint = (await post(`/api/v1/tenants/${a.id}/endpoints`, { url: inbox.url }, a.key)).body;
    const { secret } = (await get(`/api/v1/tenants/${a.id}/endpoints/${endpoint.id}/secret`, a.key)).body;

    const body = buildWebhookBody({ eventType: "order.completed", createdAt: new Date(), payload: { id: "ord_1" } });
    const headers = buildWebhookHeaders({ msgId: "msg_test_1", timestamp: new Date(), body, secrets: [secret] });
    // As it arrives through Next's server or a proxy: with x-forwarded-* headers its sender never sent.
    const forwarded = { "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "http", "x-forwarded-host": "127.0.0.1:3000" };
    const capture = await call("POST", inboxPath(inbox.url), { rawBody: body, headers: { ...headers, ...forwarded } });
    expect(capture.status).toBe(200);
    expect(capture.body).toEqual({ ok: true });

    // Tampered body, an unsigned PUT, and a signature from a secret nobody here has.
    await call("POST", inboxPath(inbox.url), { rawBody: body.replace("ord_1", "ord_2"), headers });
    await call("PUT", inboxPath(inbox.url), { rawBody: "plain text", headers: { "content-type": "text/plain" } });
    const stranger = new Webhook("whsec_" + Buffer.alloc(24, 7).toString("base64"));
    const now = new Date();
    await call("PATCH", inboxPath(inbox.url), {
      rawBody: body,
      headers: { "webhook-id": "msg_x", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": stranger.sign("msg_x", now, body) },
    });

    const requests = await get(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}/requests`, a.key);
    expect(requests.status).toBe(200);
    const [patched, put, tampered, genuine] = requests.body.data;
    expect(genuine.method).toBe("POST");
    expect(genuine.body).toBe(body);
    expect(genuine.headers["webhook-id"]).toBe("msg_test_1");
    expect(Object.keys(genuine.headers).filter((name) => name.startsWith("x-forwarded-"))).toEqual([]);
    expect(genuine.signature).toEqual({ verified: true, endpointId: endpoint.id });
    expect(tampered.signature.verified).toBe(false);
    expect(tampered.signature.reason).toMatch(/matches no signing secret/);
    expect(put).toMatchObject({ method: "PUT", body: "plain text", signature: { verified: false } });
    expect(put.signature.reason).toMatch(/No webhook-id/);
    expect(patched.signature.verified).toBe(false);

    // After a rotation with a grace period, old requests still verify.
    await post(`/api/v1/tenants/${a.id}/endpoints/${endpoint.id}/secret/rotate`, { graceSeconds: 0 }, a.key);
    const after = await get(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}/requests`, a.key);
    expect(after.body.data[3].signature.verified).toBe(true);
  });

  it("reports an inbox no endpoint points at", async () => {
    const inbox = (await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Lonely" }, a.key)).body;
    const body = JSON.stringify({ type: "x", data: {} });
    const now = new Date();
    const secret = "whsec_" + Buffer.alloc(24, 1).toString("base64");
    await call("POST", inboxPath(inbox.url), { rawBody: body, headers: buildWebhookHeaders({ msgId: "m", timestamp: now, body, secrets: [secret] }) });
    const [request] = (await get(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}/requests`, a.key)).body.data;
    expect(request.signature).toEqual({ verified: false, reason: "No endpoint of this tenant points at this inbox" });
  });

  it("answers 404 for unknown tokens, 413 above 256 KiB, 405 for GET", async () => {
    const missing = await call("POST", "/api/inbox/no-such-token", { rawBody: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const inbox = (await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Big" }, a.key)).body;
    const big = await call("POST", inboxPath(inbox.url), { rawBody: "x".repeat(256 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect((await call("GET", inboxPath(inbox.url))).status).toBe(405);
  });

  it("pages requests by cursor and deletes an inbox with them", async () => {
    const inbox = (await post(`/api/v1/tenants/${a.id}/inboxes`, { name: "Paged" }, a.key)).body;
    for (let i = 0; i < 3; i++) await call("POST", inboxPath(inbox.url), { rawBody: `{"n":${i}}` });
    const first = await get(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}/requests?limit=2`, a.key);
    expect(first.body.data.map((r: { body: string }) => r.body)).toEqual(['{"n":2}', '{"n":1}']);
    const second = await get(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}/requests?limit=2&cursor=${first.body.nextCursor}`, a.key);
    expect(second.body.data.map((r: { body: string }) => r.body)).toEqual(['{"n":0}']);
    expect(second.body.nextCursor).toBeNull();

    expect((await del(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}`, b.key)).status).toBe(404);
    expect((await del(`/api/v1/tenants/${a.id}/inboxes/${inbox.id}`, a.key)).status).toBe(204);
    expect((await call("POST", inboxPath(inbox.url), { rawBody: "{}" })).status).toBe(404);
  });
});
