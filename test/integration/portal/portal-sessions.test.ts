// Issue 11, item 1 through the API: an admin key asks for a portal link; the portal page redeems
// it once for a cookie; the cookie is a principal of one tenant and one role, without member
// management, operator routes or switched-off features, and with CSRF checks like any cookie.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, del, get, post, type ApiResponse } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";
import { addMember, createUser } from "../../../lib/users/users";
import { asUser, sameOrigin, sessionCookie, signIn } from "../dashboard/session-helpers";

const OPERATOR = "https://app.operator.example";
let admin: string;
let acme: TestTenant;
let other: TestTenant;
let otherEndpointId: string;

function configure(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
}

beforeAll(async () => {
  configure({ HOOKYARD_PORTAL_ORIGINS: `${OPERATOR}, https://*.customers.example` });
  admin = await adminKey();
  await createEventTypes(admin, "order.paid");
  acme = await createTenantWithKey(admin, "Acme", "acme");
  other = await createTenantWithKey(admin, "Other");
  otherEndpointId = (await post(`/api/v1/tenants/${other.id}/endpoints`, { url: "https://other.example.com/h" }, admin)).body.id;
});

afterEach(() => configure({ HOOKYARD_PUBLIC_URL: undefined, HOOKYARD_PORTAL_ORIGINS: `${OPERATOR}, https://*.customers.example` }));

const createSession = (body: unknown, tenant = "acme", key = admin) => post(`/api/v1/tenants/${tenant}/portal-sessions`, body, key);

function tokenOf(res: ApiResponse): string {
  expect(res.status, res.text).toBe(201);
  return new URL(res.body.url).hash.slice(1);
}

const redeem = (token: string, headers: Record<string, string> = sameOrigin) => call("POST", "/api/auth/portal", { body: { token }, headers });

/** Opens a portal session of `role` and returns its cookie (name=value). */
async function portalCookie(body: Record<string, unknown> = {}): Promise<string> {
  const res = await redeem(tokenOf(await createSession({ role: "member", ...body })));
  expect(res.status, res.text).toBe(200);
  return sessionCookie(res);
}

describe("asking for a portal link", () => {
  it("answers 201 with a single-use URL whose token is in the fragment, and the session's end", async () => {
    const before = Date.now();
    const res = await createSession({ role: "viewer", expiresIn: 600 });
    expect(res.status, res.text).toBe(201);
    const url = new URL(res.body.url);
    expect(url.origin + url.pathname).toBe("http://hookyard.test/portal");
    expect(url.hash).toMatch(/^#hyp_[A-Za-z0-9_-]{43}$/);
    expect(url.search).toBe("");
    expect(res.body.id).toMatch(/^pts_/);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(600_000 - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(600_000);
    // Only hashes are stored.
    const row = await db().portalSession.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(JSON.stringify(row)).not.toContain(url.hash.slice(1));
  });

  it("uses HOOKYARD_PUBLIC_URL for the link when it is set", async () => {
    configure({ HOOKYARD_PUBLIC_URL: "https://hooks.example.com" });
    expect((await createSession({ role: "member" })).body.url).toMatch(/^https:\/\/hooks\.example\.com\/portal#hyp_/);
  });

  it("is for admin keys only, and another tenant's name is a 404 first", async () => {
    expect((await createSession({ role: "viewer" }, acme.id, acme.key)).status).toBe(403);
    expect((await createSession({ role: "viewer" }, "no-such-tenant")).status).toBe(404);
    expect((await createSession({ role: "viewer" }, other.id, acme.key)).status).toBe(404);
  });

  it("refuses bad input with 422 and the field", async () => {
    const cases: [unknown, string][] = [
      [{}, "role"],
      [{ role: "admin" }, "role"],
      [{ role: "viewer", expiresIn: 59 }, "expiresIn"],
      [{ role: "viewer", expiresIn: 7 * 86400 + 1 }, "expiresIn"],
      [{ role: "viewer", expiresIn: "1h" }, "expiresIn"],
      [{ role: "viewer", features: { members: true } }, "features"],
      [{ role: "viewer", theme: { accentColor: "red" } }, "theme.accentColor"],
      [{ role: "viewer", theme: { accentColor: "#12345" } }, "theme.accentColor"],
      [{ role: "viewer", extra: 1 }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await createSession(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
  });

  it("takes a returnUrl only on HOOKYARD_PORTAL_ORIGINS, read the way a browser reads it", async () => {
    const ok = [`${OPERATOR}/settings/webhooks?tab=1`, "https://shop.customers.example/account"];
    for (const returnUrl of ok) expect((await createSession({ role: "viewer", returnUrl })).status, returnUrl).toBe(201);
    const refused = [
      "https://evil.example/",
      "https:\\\\evil.example/x", // a browser reads \\ as //
      `${OPERATOR}@evil.example/`, // userinfo: the host is evil.example
      `https://app.operator.example.evil.example/`,
      "http://app.operator.example/", // scheme is part of the origin
      "https://app.operator.example:8443/",
      "https://customers.example/", // a wildcard covers subdomains only
      "javascript:alert(1)",
      "/relative/path",
      "https://user:pass@app.operator.example/",
    ];
    for (const returnUrl of refused) {
      const res = await createSession({ role: "viewer", returnUrl });
      expect(res.status, returnUrl).toBe(422);
      expect(res.body.error.details[0].path).toBe("returnUrl");
    }
    configure({ HOOKYARD_PORTAL_ORIGINS: undefined });
    const none = await createSession({ role: "viewer", returnUrl: `${OPERATOR}/` });
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain("HOOKYARD_PORTAL_ORIGINS");
  });

  it("takes a logo on the operator's origins or as a data:image URL", async () => {
    const png = `data:image/png;base64,${Buffer.from("a small png").toString("base64")}`;
    expect((await createSession({ role: "viewer", theme: { logoUrl: `${OPERATOR}/logo.svg` } })).status).toBe(201);
    expect((await createSession({ role: "viewer", theme: { logoUrl: png, accentColor: "#0f766e", hideSidebar: true } })).status).toBe(201);
    for (const logoUrl of ["https://cdn.elsewhere.example/logo.png", "data:text/html;base64,PHNjcmlwdD4=", `data:image/png;base64,${"A".repeat(90_000)}`]) {
      const res = await createSession({ role: "viewer", theme: { logoUrl } });
      expect(res.status, logoUrl.slice(0, 40)).toBe(422);
      expect(res.body.error.details[0].path).toBe("theme.logoUrl");
    }
  });
});

describe("opening the link", () => {
  it("sets the session cookie once and sends the browser to the tenant's endpoints", async () => {
    const token = tokenOf(await createSession({ role: "member" }));
    const res = await redeem(token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.redirectTo).toBe(`/t/${acme.id}/endpoints`);
    // Plain http on a host that is not loopback cannot hold a Secure cookie: SameSite=Lax there.
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^hookyard-portal=hyp_[\w-]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
  });

  it("sets a partitioned SameSite=None; Secure cookie over https and on loopback", async () => {
    configure({ HOOKYARD_PUBLIC_URL: "https://hooks.example.com" });
    const secure = await redeem(tokenOf(await createSession({ role: "member" })), { origin: "https://hooks.example.com", host: "hooks.example.com" });
    expect(secure.headers.get("set-cookie")).toMatch(/^__Host-hookyard-portal=hyp_[\w-]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=None; Partitioned$/);
    configure({ HOOKYARD_PUBLIC_URL: undefined });
    const loopback = await redeem(tokenOf(await createSession({ role: "member" })), { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" });
    expect(loopback.headers.get("set-cookie")).toMatch(/^hookyard-portal=hyp_[\w-]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=None; Partitioned$/);
  });

  it("keeps the cookie a day past the session's end, so an ended session can say so", async () => {
    const created = await createSession({ role: "member", expiresIn: 3600 });
    const res = await redeem(tokenOf(created));
    const expires = Date.parse(/Expires=([^;]+)/.exec(res.headers.get("set-cookie")!)![1]);
    expect(Math.abs(expires - (Date.parse(created.body.expiresAt) + 86_400_000))).toBeLessThan(1000);
  });

  it("is single-use: another browser is refused; the browser that opened it goes back into its session", async () => {
    const token = tokenOf(await createSession({ role: "member" }));
    const first = await redeem(token);
    const cookie = sessionCookie(first);
    const elsewhere = await redeem(token);
    expect(elsewhere.status).toBe(410);
    expect(elsewhere.body.error.code).toBe("gone");
    expect(elsewhere.body.error.message).toContain("already used");
    const sameBrowser = await redeem(token, { ...sameOrigin, cookie });
    expect(sameBrowser.status).toBe(200);
    expect(sessionCookie(sameBrowser)).toBe(cookie);
    // A cookie of some other portal session does not open this link again.
    const otherCookie = await portalCookie();
    expect((await redeem(token, { ...sameOrigin, cookie: otherCookie })).status).toBe(410);
  });

  it("lets exactly one of two browsers opening it at once in", async () => {
    const token = tokenOf(await createSession({ role: "member" }));
    const results = await Promise.all([redeem(token), redeem(token), redeem(token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
  });

  it("must be opened within 5 minutes, and not after the session ended", async () => {
    const late = await createSession({ role: "member" });
    await db().portalSession.update({ where: { id: late.body.id }, data: { linkExpiresAt: new Date(Date.now() - 1000) } });
    const res = await redeem(tokenOf(late));
    expect(res.status).toBe(410);
    expect(res.body.error.message).toContain("expired");
    // A 60-second session's link lives 60 seconds, not 5 minutes.
    const short = await createSession({ role: "member", expiresIn: 60 });
    const row = await db().portalSession.findUniqueOrThrow({ where: { id: short.body.id } });
    expect(row.linkExpiresAt.getTime()).toBe(row.expiresAt.getTime());
  });

  it("refuses unknown tokens (404), cross-origin posts (403) and bad bodies (422)", async () => {
    expect((await redeem("hyp_made-up")).status).toBe(404);
    const token = tokenOf(await createSession({ role: "member" }));
    expect((await redeem(token, { origin: "https://evil.example", host: "hookyard.test" })).status).toBe(403);
    expect((await redeem(token, {})).status).toBe(403);
    expect((await call("POST", "/api/auth/portal", { body: { token: 5 }, headers: sameOrigin })).status).toBe(422);
    // The refused cross-origin attempts did not use the link up.
    expect((await redeem(token)).status).toBe(200);
  });
});

describe("a portal session as a principal", () => {
  const t = () => `/api/v1/tenants/${acme.id}`;

  it("is its tenant, with the role it was opened with", async () => {
    const portal = asUser(await portalCookie({ role: "viewer" }));
    const me = await portal.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "portal", isAdmin: false, tenants: [{ id: acme.id, uid: "acme", name: "Acme", role: "viewer" }] });
    const tenants = await portal.get("/api/v1/tenants");
    expect(tenants.body.data.map((x: { id: string }) => x.id)).toEqual([acme.id]);
    expect((await portal.get(`${t()}/endpoints`)).status).toBe(200);
    expect((await portal.get("/api/v1/tenants/acme/deliveries")).status).toBe(200);
    expect((await portal.get("/api/v1/event-types")).status).toBe(200);
  });

  it("cannot see another tenant: 404, as if it did not exist", async () => {
    const portal = asUser(await portalCookie({ role: "owner" }));
    expect((await portal.get(`/api/v1/tenants/${other.id}`)).status).toBe(404);
    expect((await portal.get(`/api/v1/tenants/${other.id}/endpoints`)).status).toBe(404);
    expect((await portal.get(`/api/v1/tenants/${other.id}/endpoints/${otherEndpointId}`)).status).toBe(404);
    expect((await portal.get(`${t()}/endpoints/${otherEndpointId}`)).status).toBe(404);
    expect((await portal.post(`/api/v1/tenants/${other.id}/endpoints`, { url: "https://x.example.com/h" })).status).toBe(404);
  });

  it("reaches no operator route, even as owner", async () => {
    const portal = asUser(await portalCookie({ role: "owner" }));
    expect((await portal.post("/api/v1/tenants", { name: "Mine" })).status).toBe(403);
    expect((await portal.get("/api/v1/api-keys")).status).toBe(403);
    expect((await portal.get("/api/v1/stats/overview")).status).toBe(403);
    expect((await portal.post("/api/v1/event-types", { name: "x.y" })).status).toBe(403);
    expect((await portal.patch(t(), { name: "Renamed" })).status).toBe(403);
    expect((await portal.post(`${t()}/portal-sessions`, { role: "owner" })).status).toBe(403);
    expect((await portal.del(t())).status).toBe(403);
  });

  // Percent-encoded spellings are checked against Next's own router in test/e2e/portal.test.ts.
  it("never manages members, even as owner", async () => {
    const portal = asUser(await portalCookie({ role: "owner" }));
    for (const path of [`${t()}/members`, `${t()}/invitations`]) expect((await portal.get(path)).status, path).toBe(403);
    const invite = await portal.post(`${t()}/invitations`, { email: "someone@example.com", role: "owner" });
    expect(invite.status).toBe(403);
    expect(invite.body.error.message).toContain("Members are managed by the operator");
    expect(await db().invitation.count({ where: { tenantId: acme.id } })).toBe(0);
  });

  it("loses the routes of switched-off features, and keeps the others", async () => {
    const portal = asUser(await portalCookie({ role: "owner", features: { apiKeys: false } }));
    const keys = await portal.get(`${t()}/api-keys`);
    expect(keys.status).toBe(403);
    expect(keys.body.error.message).toBe("This portal session does not include api keys");
    expect((await portal.post(`${t()}/api-keys`, { name: "sneaky" })).status).toBe(403);
    expect((await portal.get(`${t()}/inboxes`)).status).toBe(200);
    const noInboxes = asUser(await portalCookie({ role: "owner", features: { testInboxes: false } }));
    expect((await noInboxes.post(`${t()}/inboxes`, { name: "i" })).status).toBe(403);
    expect((await noInboxes.get(`${t()}/api-keys`)).status).toBe(200);
  });

  it("as viewer reads but cannot write or reveal secrets", async () => {
    const endpoint = await post(`${t()}/endpoints`, { url: "https://receiver.acme.example/h" }, admin);
    const portal = asUser(await portalCookie({ role: "viewer" }));
    expect((await portal.get(`${t()}/endpoints/${endpoint.body.id}`)).status).toBe(200);
    expect((await portal.post(`${t()}/endpoints`, { url: "https://x.example.com/h" })).status).toBe(403);
    expect((await portal.patch(`${t()}/endpoints/${endpoint.body.id}`, { description: "x" })).status).toBe(403);
    expect((await portal.post(`${t()}/endpoints/${endpoint.body.id}/test`, { eventType: "order.paid" })).status).toBe(403);
    expect((await portal.get(`${t()}/endpoints/${endpoint.body.id}/secret`)).status).toBe(403);
  });

  it("as member writes, from our own origin only (CSRF)", async () => {
    const cookie = await portalCookie({ role: "member" });
    const portal = asUser(cookie);
    const created = await portal.post(`${t()}/endpoints`, { url: "https://member.acme.example/h" });
    expect(created.status, created.text).toBe(201);
    const crossSite = await portal.post(`${t()}/endpoints`, { url: "https://csrf.acme.example/h" }, { crossOrigin: true });
    expect(crossSite.status).toBe(403);
    const forged = await call("POST", `${t()}/endpoints`, { body: { url: "https://csrf.acme.example/h" }, headers: { cookie, origin: OPERATOR, host: "hookyard.test" } });
    expect(forged.status).toBe(403);
    expect(await db().endpoint.count({ where: { url: "https://csrf.acme.example/h" } })).toBe(0);
    // Members make member keys at most; owners make owner keys.
    expect((await portal.post(`${t()}/api-keys`, { name: "m", role: "owner" })).status).toBe(403);
    const owner = asUser(await portalCookie({ role: "owner" }));
    expect((await owner.post(`${t()}/api-keys`, { name: "o", role: "owner" })).status).toBe(201);
  });

  it("wins over a user session in the same browser", async () => {
    await createUser(db(), { email: "ops@acme.example", password: "correct horse battery" });
    await addMember(db(), { tenantId: other.id, email: "ops@acme.example", role: "owner" });
    const userCookie = sessionCookie(await signIn("ops@acme.example", "correct horse battery"));
    const both = asUser(`${userCookie}; ${await portalCookie({ role: "viewer" })}`);
    expect((await both.get("/api/v1/me")).body.type).toBe("portal");
    expect((await both.get(`/api/v1/tenants/${other.id}/endpoints`)).status).toBe(404);
  });

  it("ends at expiresAt (401), and when the operator ends it", async () => {
    const created = await createSession({ role: "member" });
    const cookie = sessionCookie(await redeem(tokenOf(created)));
    const portal = asUser(cookie);
    expect((await portal.get(`${t()}/endpoints`)).status).toBe(200);
    expect((await del(`/api/v1/tenants/${other.id}/portal-sessions/${created.body.id}`, admin)).status).toBe(404);
    expect((await del(`${t()}/portal-sessions/${created.body.id}`, acme.key)).status).toBe(403);
    expect((await del(`${t()}/portal-sessions/${created.body.id}`, admin)).status).toBe(204);
    const ended = await portal.get(`${t()}/endpoints`);
    expect(ended.status).toBe(401);
    expect(ended.body.error.message).toBe("This portal session has ended");
    expect((await del(`${t()}/portal-sessions/pts_nope`, admin)).status).toBe(404);

    const expiring = await createSession({ role: "member" });
    const expiringPortal = asUser(sessionCookie(await redeem(tokenOf(expiring))));
    await db().portalSession.update({ where: { id: expiring.body.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await expiringPortal.get(`${t()}/endpoints`)).status).toBe(401);
  });

  it("goes when its tenant is deleted", async () => {
    const doomed = await createTenantWithKey(admin, "Doomed");
    const token = tokenOf(await createSession({ role: "owner" }, doomed.id));
    const portal = asUser(sessionCookie(await redeem(token)));
    expect((await get(`/api/v1/tenants/${doomed.id}`, admin)).status).toBe(200);
    expect((await del(`/api/v1/tenants/${doomed.id}`, admin)).status).toBe(204);
    expect(await db().portalSession.count({ where: { tenantId: doomed.id } })).toBe(0);
    expect((await portal.get(`/api/v1/tenants/${doomed.id}/endpoints`)).status).toBe(401);
  });
});
