import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "../../../lib/env";
import { del, get, patch, post, type ApiResponse } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let admin: string;
let tenant: TestTenant;
let base: string;
beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Endpoints Inc");
  base = `/api/v1/tenants/${tenant.id}/endpoints`;
  await createEventTypes(admin, "order.created", "order.paid", "legacy.event");
  expect((await patch("/api/v1/event-types/legacy.event", { archived: true }, admin)).status).toBe(200);
});

const create = (body: unknown) => post(base, body, tenant.key);
const detailPaths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);

describe("endpoints API", () => {
  it("creates an endpoint with defaults, without its secret in the body", async () => {
    const res = await create({ url: "https://example.com/webhooks" });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^ep_/);
    expect(res.body).toEqual({
      id: res.body.id,
      tenantId: tenant.id,
      url: "https://example.com/webhooks",
      description: "",
      eventTypes: [],
      disabled: false,
      disabledReason: null,
      headers: {},
      rateLimitPerSecond: null,
      timeoutMs: null,
      ordered: false,
      pinnedVersions: {},
      failingSince: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.text).not.toContain("whsec_");
    expect((await get(`${base}/${res.body.id}`, tenant.key)).body).toEqual(res.body);
  });

  it("reveals the signing secret on its own route: whsec_ + base64 of 24 random bytes", async () => {
    const { body: endpoint } = await create({ url: "https://example.com/secret" });
    const res = await get(`${base}/${endpoint.id}/secret`, tenant.key);
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(res.body.secret.slice("whsec_".length), "base64")).toHaveLength(24);
    // Another endpoint gets another secret.
    const { body: other } = await create({ url: "https://example.com/secret-2" });
    expect((await get(`${base}/${other.id}/secret`, tenant.key)).body.secret).not.toBe(res.body.secret);
  });

  it("accepts a secret of your own, and refuses one that is not whsec_ + base64", async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const { body: endpoint } = await create({ url: "https://example.com/own-secret", secret });
    expect((await get(`${base}/${endpoint.id}/secret`, tenant.key)).body.secret).toBe(secret);
    const bad = await create({ url: "https://example.com/own-secret", secret: "whsec_short" });
    expect(bad.status).toBe(422);
    expect(detailPaths(bad)).toEqual(["secret"]);
  });

  it("takes custom headers but refuses the ones Hookyard sets or the connection needs, naming the header", async () => {
    const ok = await create({ url: "https://example.com/h", headers: { "X-Team": "payments", Authorization: "Bearer abc" } });
    expect(ok.status).toBe(201);
    expect(ok.body.headers).toEqual({ "X-Team": "payments", Authorization: "Bearer abc" });

    for (const name of ["webhook-signature", "Content-Type", "host", "content-length", "Webhook-Id", "te", "Upgrade", "Keep-Alive", "expect", "trailer"]) {
      const res = await create({ url: "https://example.com/h", headers: { [name]: "x" } });
      expect(res.status, name).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details, name).toEqual([{ path: `headers.${name}`, message: expect.stringContaining(name) }]);
      expect(res.body.error.message).toContain(name);
    }
    expect((await create({ url: "https://example.com/h", headers: { "bad name": "x" } })).status).toBe(422);
    expect((await create({ url: "https://example.com/h", headers: { "X-Injected": "a\r\nX-Evil: 1" } })).status).toBe(422);
  });

  it("refuses URLs that are not http(s)", async () => {
    for (const url of ["not a url", "ftp://example.com/hook", "javascript:alert(1)", "", "https://"]) {
      const res = await create({ url });
      expect(res.status, url).toBe(422);
      expect(detailPaths(res), url).toContain("url");
    }
    const missing = await create({});
    expect(missing.status).toBe(422);
    expect(detailPaths(missing)).toEqual(["url"]);
  });

  it("subscribes to known event types only, listing every unknown (or archived) name", async () => {
    const ok = await create({ url: "https://example.com/e", eventTypes: ["order.created", "order.paid"] });
    expect(ok.status).toBe(201);
    expect(ok.body.eventTypes).toEqual(["order.created", "order.paid"]);

    const unknown = await create({ url: "https://example.com/e", eventTypes: ["nope.one", "order.created", "nope.two"] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ path: "eventTypes", value: "nope.one" }),
      expect.objectContaining({ path: "eventTypes", value: "nope.two" }),
    ]);
    expect(unknown.body.error.message).toContain("nope.one");

    const archived = await create({ url: "https://example.com/e", eventTypes: ["legacy.event"] });
    expect(archived.status).toBe(422);
    expect(archived.body.error.details).toEqual([expect.objectContaining({ value: "legacy.event" })]);

    expect((await create({ url: "https://example.com/e", eventTypes: ["order.paid", "order.paid"] })).status).toBe(422);
  });

  it("updates url, event types and disabled; disabling records a reason, re-enabling clears it", async () => {
    const { body: endpoint } = await create({ url: "https://example.com/before" });
    const url = `${base}/${endpoint.id}`;

    const moved = await patch(url, { url: "https://example.org/after", eventTypes: ["order.paid"], description: "Billing" }, tenant.key);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ url: "https://example.org/after", eventTypes: ["order.paid"], description: "Billing" });

    const disabled = await patch(url, { disabled: true }, tenant.key);
    expect(disabled.body.disabled).toBe(true);
    expect(disabled.body.disabledReason).toEqual(expect.any(String));
    expect(disabled.body.disabledReason.length).toBeGreaterThan(0);

    const enabled = await patch(url, { disabled: false }, tenant.key);
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null, failingSince: null });

    expect((await patch(url, { eventTypes: ["nope.three"] }, tenant.key)).status).toBe(422);
    expect((await patch(url, { url: "ftp://example.com" }, tenant.key)).status).toBe(422);
    expect((await patch(url, { secret: "whsec_x" }, tenant.key)).status).toBe(422);
    // The refused updates changed nothing.
    expect((await get(url, tenant.key)).body).toMatchObject({ url: "https://example.org/after", eventTypes: ["order.paid"] });
  });

  it("bounds timeoutMs at 30000 and rateLimitPerSecond at 1+", async () => {
    expect((await create({ url: "https://example.com/t", timeoutMs: 30_000 })).body.timeoutMs).toBe(30_000);
    const tooSlow = await create({ url: "https://example.com/t", timeoutMs: 30_001 });
    expect(tooSlow.status).toBe(422);
    expect(detailPaths(tooSlow)).toEqual(["timeoutMs"]);
    expect((await create({ url: "https://example.com/t", timeoutMs: 1.5 })).status).toBe(422);
    expect((await create({ url: "https://example.com/t", rateLimitPerSecond: 0 })).status).toBe(422);
    const { body: endpoint } = await create({ url: "https://example.com/t", rateLimitPerSecond: 10 });
    expect(endpoint.rateLimitPerSecond).toBe(10);
    expect((await patch(`${base}/${endpoint.id}`, { timeoutMs: 60_000 }, tenant.key)).status).toBe(422);
  });

  it("deletes with 204; afterwards it and its secret are 404", async () => {
    const { body: endpoint } = await create({ url: "https://example.com/gone" });
    expect((await del(`${base}/${endpoint.id}`, tenant.key)).status).toBe(204);
    expect((await get(`${base}/${endpoint.id}`, tenant.key)).status).toBe(404);
    expect((await get(`${base}/${endpoint.id}/secret`, tenant.key)).status).toBe(404);
    expect((await patch(`${base}/${endpoint.id}`, { description: "x" }, tenant.key)).status).toBe(404);
    expect((await del(`${base}/${endpoint.id}`, tenant.key)).status).toBe(404);
    expect((await get(`${base}/ep_doesnotexist`, tenant.key)).body.error.code).toBe("not_found");
  });

  it("pages by cursor, newest first, across three pages", async () => {
    const other = await createTenantWithKey(admin, "Pager");
    const pages = `/api/v1/tenants/${other.id}/endpoints`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(pages, { url: `https://example.com/${i}` }, other.key)).body.id);

    const seen: string[][] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await get(`${pages}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, other.key);
      expect(res.status).toBe(200);
      seen.push(res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    expect((await get(`${pages}?limit=5`, other.key)).body.nextCursor).toBeNull();
    expect((await get(`${pages}?limit=abc`, other.key)).status).toBe(422);
  });

  describe("in production", () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, HOOKYARD_ALLOW_HTTP: process.env.HOOKYARD_ALLOW_HTTP };
    const production = (allowHttp?: string) => {
      (process.env as Record<string, string | undefined>).NODE_ENV = "production";
      if (allowHttp === undefined) delete process.env.HOOKYARD_ALLOW_HTTP;
      else process.env.HOOKYARD_ALLOW_HTTP = allowHttp;
      reloadEnv();
    };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      reloadEnv();
    });

    it("requires https", async () => {
      production();
      const http = await create({ url: "http://example.com/hook" });
      expect(http.status).toBe(422);
      expect(http.body.error.details).toEqual([expect.objectContaining({ path: "url" })]);
      expect(http.body.error.message).toContain("https");
      expect((await create({ url: "https://example.com/hook" })).status).toBe(201);

      const { body: endpoint } = await create({ url: "https://example.com/hook" });
      expect((await patch(`${base}/${endpoint.id}`, { url: "http://example.com/hook" }, tenant.key)).status).toBe(422);
    });

    it("allows http with HOOKYARD_ALLOW_HTTP=true", async () => {
      production("true");
      const http = await create({ url: "http://example.com/hook" });
      expect(http.status).toBe(201);
      expect(http.body.url).toBe("http://example.com/hook");
    });
  });

  it("accepts http outside production", async () => {
    expect((await create({ url: "http://localhost:4000/hook" })).status).toBe(201);
  });
});
