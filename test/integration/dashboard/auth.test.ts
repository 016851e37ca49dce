// Dashboard sign-up, sign-in and cookie sessions, end to end through the route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { sessionUser } from "../../../lib/auth/session";
import { hashToken } from "../../../lib/crypto/token-hash";
import { asUser, sameOrigin, sessionCookie, signIn, signUp } from "./session-helpers";

let admin: string;
let adminCookie: string;
let tenantA: TestTenant;
let tenantB: TestTenant;

beforeAll(async () => {
  admin = await adminKey();
  tenantA = await createTenantWithKey(admin, "Tenant A");
  tenantB = await createTenantWithKey(admin, "Tenant B");
});

/** Invites `email` to a tenant (as the admin user) and signs them up; returns their cookie. */
async function inviteAndSignUp(email: string, tenantId: string, role: "owner" | "member" | "viewer"): Promise<string> {
  const invited = await asUser(adminCookie).post(`/api/v1/tenants/${tenantId}/invitations`, { email, role });
  expect(invited.status).toBe(201);
  expect(invited.body.status).toBe("invited");
  const token = new URL(invited.body.url).searchParams.get("invitation")!;
  const res = await signUp({ email, password: "correct horse battery", invitation: token });
  expect(res.status).toBe(201);
  return sessionCookie(res);
}

describe("sign-up", () => {
  it("makes the first account the operator admin and signs it in", async () => {
    const res = await signUp({ email: "Founder@Example.com", password: "correct horse battery", name: "Founder" });
    expect(res.status).toBe(201);
    expect(res.body.isAdmin).toBe(true);
    adminCookie = sessionCookie(res);
    expect(adminCookie).toMatch(/^next-auth\.session-token=[0-9a-f]{64}$/);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(res.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    const me = await asUser(adminCookie).get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "user", email: "founder@example.com", isAdmin: true });
  });

  it("refuses a second sign-up without an invitation", async () => {
    const res = await signUp({ email: "stranger@example.com", password: "correct horse battery" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect(await db().user.count({ where: { email: "stranger@example.com" } })).toBe(0);
    const bogus = await signUp({ email: "stranger@example.com", password: "correct horse battery", invitation: "not-a-token" });
    expect(bogus.status).toBe(403);
  });

  it("accepts an invitation once, for its own email only, granting the invited role", async () => {
    const invited = await asUser(adminCookie).post(`/api/v1/tenants/${tenantA.id}/invitations`, { email: "dev@example.com", role: "member" });
    expect(invited.status).toBe(201);
    const token = new URL(invited.body.url).searchParams.get("invitation")!;
    expect(invited.body.url).toBe(`http://hookyard.test/sign-up?invitation=${token}`);

    const preview = await get(`/api/auth/invitation?token=${token}`);
    expect(preview.body).toMatchObject({ email: "dev@example.com", tenantName: "Tenant A", role: "member" });

    const wrongEmail = await signUp({ email: "other@example.com", password: "correct horse battery", invitation: token });
    expect(wrongEmail.status).toBe(422);
    expect(wrongEmail.body.error.details[0].path).toBe("email");

    const ok = await signUp({ email: "dev@example.com", password: "correct horse battery", invitation: token });
    expect(ok.status).toBe(201);
    expect(ok.body.isAdmin).toBe(false);
    const me = await asUser(sessionCookie(ok)).get("/api/v1/me");
    expect(me.body.tenants).toEqual([expect.objectContaining({ id: tenantA.id, role: "member" })]);

    const again = await signUp({ email: "dev@example.com", password: "correct horse battery", invitation: token });
    expect(again.status).toBe(403);
    expect((await get(`/api/auth/invitation?token=${token}`)).status).toBe(404);
  });

  it("validates input with the shared schema and refuses cross-origin posts", async () => {
    const short = await signUp({ email: "x@example.com", password: "short" });
    expect(short.status).toBe(422);
    expect(short.body.error.details[0].path).toBe("password");
    const cross = await call("POST", "/api/auth/sign-up", { body: { email: "x@example.com", password: "correct horse battery" } });
    expect(cross.status).toBe(403);
  });
});

describe("sign-in", () => {
  it("opens a database session for the right password only", async () => {
    const wrong = await signIn("founder@example.com", "wrong password!");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const unknown = await signIn("nobody@example.com", "correct horse battery");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);

    const ok = await signIn("FOUNDER@example.com", "correct horse battery");
    expect(ok.status).toBe(200);
    const cookie = sessionCookie(ok);
    const token = cookie.split("=")[1];
    const session = await db().session.findUnique({ where: { sessionToken: hashToken(token) }, include: { user: true } });
    expect(session?.user.email).toBe("founder@example.com");
    // The table holds a hash of the token: a database read yields no cookie that works.
    expect(await db().session.count({ where: { sessionToken: token } })).toBe(0);
    expect((await asUser(`next-auth.session-token=${session!.sessionToken}`).get("/api/v1/me")).status).toBe(401);
    expect(session!.expires.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);

    const cross = await call("POST", "/api/auth/password", { body: { email: "founder@example.com", password: "correct horse battery" } });
    expect(cross.status).toBe(403);
  });
});

describe("sessionUser", () => {
  it("resolves a real session cookie to the user and their tenant roles", async () => {
    const cookie = await inviteAndSignUp("owner@example.com", tenantA.id, "owner");
    const invited = await asUser(adminCookie).post(`/api/v1/tenants/${tenantB.id}/invitations`, { email: "owner@example.com", role: "viewer" });
    const accepted = await asUser(cookie).post("/api/auth/invitation", { token: new URL(invited.body.url).searchParams.get("invitation") });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ tenantId: tenantB.id });
    const user = await sessionUser(new Request("http://hookyard.test/x", { headers: { cookie: `other=1; ${cookie}` } }));
    expect(user).not.toBeNull();
    expect(user!.email).toBe("owner@example.com");
    expect(user!.isAdmin).toBe(false);
    expect(Object.fromEntries(user!.roles)).toEqual({ [tenantA.id]: "owner", [tenantB.id]: "viewer" });
  });

  it("ignores unknown and expired sessions", async () => {
    expect(await sessionUser(new Request("http://hookyard.test/x", { headers: { cookie: "next-auth.session-token=nope" } }))).toBeNull();
    const ok = await signIn("founder@example.com", "correct horse battery");
    const cookie = sessionCookie(ok);
    await db().session.update({ where: { sessionToken: hashToken(cookie.split("=")[1]) }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await sessionUser(new Request("http://hookyard.test/x", { headers: { cookie } }))).toBeNull();
    expect((await asUser(cookie).get("/api/v1/me")).status).toBe(401);
  });
});

describe("cookie-authenticated API", () => {
  it("serves GETs and checks mutations are same-origin", async () => {
    const user = asUser(adminCookie);
    expect((await user.get(`/api/v1/tenants/${tenantA.id}/endpoints`)).status).toBe(200);

    const endpoint = { url: "https://receiver.example.com/hooks" };
    const cross = await user.post(`/api/v1/tenants/${tenantA.id}/endpoints`, endpoint, { crossOrigin: true });
    expect(cross.status).toBe(403);
    const foreign = await call("POST", `/api/v1/tenants/${tenantA.id}/endpoints`, {
      body: endpoint,
      headers: { cookie: adminCookie, origin: "https://evil.example", host: sameOrigin.host },
    });
    expect(foreign.status).toBe(403);
    const same = await user.post(`/api/v1/tenants/${tenantA.id}/endpoints`, endpoint);
    expect(same.status).toBe(201);
  });

  it("shows a member only their tenants: another tenant is a 404", async () => {
    const cookie = await inviteAndSignUp("member-a@example.com", tenantA.id, "member");
    const user = asUser(cookie);
    expect((await user.get(`/api/v1/tenants/${tenantA.id}/endpoints`)).status).toBe(200);
    expect((await user.get(`/api/v1/tenants/${tenantB.id}`)).status).toBe(404);
    expect((await user.get(`/api/v1/tenants/${tenantB.id}/endpoints`)).status).toBe(404);
    expect((await user.post(`/api/v1/tenants/${tenantB.id}/inboxes`, { name: "x" })).status).toBe(404);
    const list = await user.get("/api/v1/tenants");
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([tenantA.id]);
    // Members are not operators.
    expect((await user.post("/api/v1/tenants", { name: "Mine" })).status).toBe(403);
    expect((await user.get("/api/v1/stats/overview")).status).toBe(403);
  });

  it("lets a viewer read but not change anything", async () => {
    const cookie = await inviteAndSignUp("viewer@example.com", tenantA.id, "viewer");
    const user = asUser(cookie);
    expect((await user.get(`/api/v1/tenants/${tenantA.id}/endpoints`)).status).toBe(200);
    expect((await user.get(`/api/v1/tenants/${tenantA.id}/members`)).status).toBe(200);
    const write = await user.post(`/api/v1/tenants/${tenantA.id}/endpoints`, { url: "https://receiver.example.com/v" });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe("forbidden");
    expect((await user.post(`/api/v1/tenants/${tenantA.id}/inboxes`, { name: "x" })).status).toBe(403);
    // The signing secret is a credential: a viewer sees the endpoint, never its secret.
    const endpoint = await post(`/api/v1/tenants/${tenantA.id}/endpoints`, { url: "https://receiver.example.com/s" }, admin);
    expect((await user.get(`/api/v1/tenants/${tenantA.id}/endpoints/${endpoint.body.id}`)).status).toBe(200);
    const secret = await user.get(`/api/v1/tenants/${tenantA.id}/endpoints/${endpoint.body.id}/secret`);
    expect(secret.status).toBe(403);
    expect(JSON.stringify(secret.body)).not.toContain("whsec_");
  });
});

describe("members and invitations", () => {
  it("lets owners and admins manage members, not plain members", async () => {
    const ownerCookie = (await signIn("owner@example.com", "correct horse battery")).headers.get("set-cookie")!.split(";")[0];
    const memberCookie = (await signIn("member-a@example.com", "correct horse battery")).headers.get("set-cookie")!.split(";")[0];
    const members = await asUser(ownerCookie).get(`/api/v1/tenants/${tenantA.id}/members`);
    expect(members.status).toBe(200);
    const viewer = members.body.data.find((m: { email: string }) => m.email === "viewer@example.com");
    expect(viewer.role).toBe("viewer");

    expect((await asUser(memberCookie).patch(`/api/v1/tenants/${tenantA.id}/members/${viewer.id}`, { role: "member" })).status).toBe(403);
    expect((await asUser(memberCookie).post(`/api/v1/tenants/${tenantA.id}/invitations`, { email: "z@example.com" })).status).toBe(403);
    const promoted = await asUser(ownerCookie).patch(`/api/v1/tenants/${tenantA.id}/members/${viewer.id}`, { role: "member" });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("member");

    // Inviting someone who already has an account is an invitation like any other: it waits.
    const existing = await asUser(ownerCookie).post(`/api/v1/tenants/${tenantA.id}/invitations`, { email: "Founder@example.com", role: "viewer" });
    expect(existing.status).toBe(201);
    expect(existing.body).toMatchObject({ status: "invited", invitation: { email: "founder@example.com", role: "viewer", acceptedAt: null } });

    const pending = await asUser(ownerCookie).post(`/api/v1/tenants/${tenantA.id}/invitations`, { email: "later@example.com", role: "member" });
    const list = await asUser(ownerCookie).get(`/api/v1/tenants/${tenantA.id}/invitations`);
    expect(list.body.data.map((i: { email: string }) => i.email)).toContain("later@example.com");
    expect((await asUser(ownerCookie).del(`/api/v1/tenants/${tenantA.id}/invitations/${pending.body.invitation.id}`)).status).toBe(204);
    const token = new URL(pending.body.url).searchParams.get("invitation")!;
    expect((await signUp({ email: "later@example.com", password: "correct horse battery", invitation: token })).status).toBe(403);

    expect((await asUser(ownerCookie).del(`/api/v1/tenants/${tenantA.id}/members/${viewer.id}`)).status).toBe(204);
    expect((await asUser(ownerCookie).get(`/api/v1/tenants/${tenantB.id}/members`)).status).toBe(200);
  });

  it("lets admins invite operator admins", async () => {
    const res = await post("/api/v1/invitations", { email: "ops@example.com" }, admin);
    expect(res.status).toBe(201);
    const token = new URL(res.body.url).searchParams.get("invitation")!;
    const signed = await signUp({ email: "ops@example.com", password: "correct horse battery", invitation: token });
    expect(signed.status).toBe(201);
    expect(signed.body.isAdmin).toBe(true);
    expect((await post("/api/v1/invitations", { email: "x@example.com" }, tenantA.key)).status).toBe(403);
  });
});
