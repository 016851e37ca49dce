// Issue 9, items 5 and 7: custom header values are for editors only; API responses are not
// stored or framed; the same-origin check compares whole origins and believes X-Forwarded-* only
// behind a configured proxy; a revoked key stops at once, whichever process revoked it.
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, post } from "../../helpers/api";
import { runCli } from "../../helpers/cli";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { env, reloadEnv } from "../../../lib/env";
import { newId } from "../../../lib/ids";
import { addMember, createUser } from "../../../lib/users/users";
import { asUser, ORIGIN, sessionCookie, signIn } from "../dashboard/session-helpers";

let admin: string;
let tenant: TestTenant;
let t: string;
let ownerCookie: string;
let viewerCookie: string;

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.created");
  tenant = await createTenantWithKey(admin, "Headers");
  t = `/api/v1/tenants/${tenant.id}`;
  for (const [name, role] of [["owner", "owner"], ["viewer", "viewer"]] as const) {
    await createUser(db(), { email: `${name}@example.com`, password: "correct horse battery" });
    await addMember(db(), { tenantId: tenant.id, email: `${name}@example.com`, role });
  }
  ownerCookie = sessionCookie(await signIn("owner@example.com", "correct horse battery"));
  viewerCookie = sessionCookie(await signIn("viewer@example.com", "correct horse battery"));
});

function configure(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
}

describe("custom header values", () => {
  it("are hidden from viewers (users and keys) in endpoints, attempts and inbox requests", async () => {
    const secret = "Bearer receiver-s3cret";
    const endpoint = await post(`${t}/endpoints`, { url: "https://receiver.example.com/h", headers: { authorization: secret, "x-tenant": "acme" } }, admin);
    const message = await post(`${t}/messages`, { eventType: "order.created", payload: { n: 1 } }, admin);
    const delivery = await db().delivery.findFirstOrThrow({ where: { messageId: message.body.id } });
    // The attempt as the engine records it: our headers plus the endpoint's.
    await db().attempt.create({
      data: {
        id: newId("attempt"), deliveryId: delivery.id, tenantId: tenant.id, endpointId: endpoint.body.id, number: 1, trigger: "scheduled",
        url: "https://receiver.example.com/h", durationMs: 12, succeeded: true, responseStatus: 200, startedAt: new Date(),
        requestHeaders: { "content-type": "application/json", "webhook-id": message.body.id, "webhook-signature": "v1,abc", authorization: secret, "x-tenant": "acme" },
      },
    });
    const inbox = await post(`${t}/inboxes`, { name: "i" }, admin);
    await call("POST", new URL(inbox.body.url).pathname, { rawBody: "{}", headers: { "content-type": "application/json", authorization: secret } });
    const viewerKey = (await post(`${t}/api-keys`, { name: "ro", role: "viewer" }, admin)).body.key;

    const readers = { viewer: (p: string) => asUser(viewerCookie).get(p), "viewer key": (p: string) => get(p, viewerKey) };
    for (const [who, read] of Object.entries(readers)) {
      const one = await read(`${t}/endpoints/${endpoint.body.id}`);
      expect(one.body.headers, who).toEqual({ authorization: "[hidden]", "x-tenant": "[hidden]" });
      expect((await read(`${t}/endpoints`)).text, who).not.toContain("receiver-s3cret");
      const detail = await read(`${t}/deliveries/${delivery.id}`);
      expect(detail.body.attempts[0].requestHeaders, who).toEqual({
        "content-type": "application/json", "webhook-id": message.body.id, "webhook-signature": "v1,abc", authorization: "[hidden]", "x-tenant": "[hidden]",
      });
      const captured = await read(`${t}/inboxes/${inbox.body.id}/requests`);
      expect(captured.body.data[0].headers.authorization, who).toBe("[hidden]");
      expect(captured.body.data[0].headers["content-type"], who).toBe("application/json");
    }
    // Editors see them, to edit them.
    expect((await asUser(ownerCookie).get(`${t}/endpoints/${endpoint.body.id}`)).body.headers.authorization).toBe(secret);
    expect((await get(`${t}/deliveries/${delivery.id}`, tenant.key)).body.attempts[0].requestHeaders.authorization).toBe(secret);
  });
});

describe("security headers", () => {
  it("API responses carrying secrets and keys are never stored, sniffed or framed", async () => {
    const endpoint = await post(`${t}/endpoints`, { url: "https://receiver.example.com/s" }, admin);
    const responses = [
      await get(`${t}/endpoints/${endpoint.body.id}/secret`, admin),
      await post(`${t}/endpoints/${endpoint.body.id}/secret/rotate`, { graceSeconds: 0 }, admin),
      await post(`${t}/api-keys`, { name: "k" }, admin),
      await post("/api/v1/api-keys", { name: "k" }, admin),
      await post(`${t}/invitations`, { email: "x@example.com" }, admin),
      await get(`${t}/endpoints/nope`, admin),
    ];
    for (const res of responses) {
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    const signIn = await call("POST", "/api/auth/password", { body: { email: "owner@example.com", password: "correct horse battery" }, headers: { origin: ORIGIN, host: "hookyard.test" } });
    expect(signIn.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the same-origin check", () => {
  const endpoint = { url: "https://receiver.example.com/o" };
  const attempt = (headers: Record<string, string>) => call("POST", `${t}/endpoints`, { body: endpoint, headers: { cookie: ownerCookie, ...headers } });

  it("compares the whole origin: scheme, host and port", async () => {
    expect((await attempt({ origin: "http://hookyard.test", host: "hookyard.test" })).status).toBe(201);
    expect((await attempt({ origin: "https://hookyard.test", host: "hookyard.test" })).status).toBe(403);
    expect((await attempt({ origin: "http://hookyard.test:8080", host: "hookyard.test" })).status).toBe(403);
    expect((await attempt({ origin: "null", host: "hookyard.test" })).status).toBe(403);
    expect((await attempt({ origin: "http://hookyard.test", host: "a b" })).status).toBe(403);
  });

  it("believes X-Forwarded-Host/Proto only with HOOKYARD_TRUST_PROXY", async () => {
    const proxied = { origin: "https://hooks.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "hooks.example.com", "x-forwarded-proto": "https" };
    expect((await attempt(proxied)).status).toBe(403);
    // Anyone can claim to be the proxy: an attacker's page with a forged X-Forwarded-Host is refused.
    expect((await attempt({ origin: "https://evil.example", host: "hookyard.test", "x-forwarded-host": "evil.example" })).status).toBe(403);
    configure({ HOOKYARD_TRUST_PROXY: "true" });
    try {
      expect((await attempt(proxied)).status).toBe(201);
      expect((await attempt({ ...proxied, "x-forwarded-proto": "http" })).status).toBe(403);
    } finally {
      configure({ HOOKYARD_TRUST_PROXY: undefined });
    }
  });

  it("HOOKYARD_TRUST_PROXY is validated at start", () => {
    configure({ HOOKYARD_TRUST_PROXY: "2" });
    expect(env().HOOKYARD_TRUST_PROXY).toBe(2);
    configure({ HOOKYARD_TRUST_PROXY: "maybe" });
    try {
      expect(() => env()).toThrow(/HOOKYARD_TRUST_PROXY: must be true, false, or the number of proxies/);
    } finally {
      configure({ HOOKYARD_TRUST_PROXY: undefined });
    }
  });
});

describe("key revocation", () => {
  it("is immediate across processes: a key revoked by the CLI fails on the next request", { timeout: 90_000 }, async () => {
    const created = await post(`${t}/api-keys`, { name: "to revoke" }, admin);
    const key = created.body.key;
    expect((await get(`${t}/endpoints`, key)).status).toBe(200);
    expect((await get(`${t}/endpoints`, key)).status).toBe(200); // looked up twice: nothing cached it
    const revoked = await runCli(["keys", "revoke", created.body.id]);
    expect(revoked.code).toBe(0);
    expect((await get(`${t}/endpoints`, key)).status).toBe(401);
  });
});
