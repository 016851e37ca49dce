// Issue 9, item 1: keys never outgrow their creator, members are managed with owner rights only,
// and a tenant always keeps an owner — through the API and against races.
import { beforeAll, describe, expect, it } from "vitest";
import { call, del, get, patch, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { addMember, createUser } from "../../../lib/users/users";
import { asUser, signIn, sessionCookie } from "../dashboard/session-helpers";

let admin: string;
let tenant: TestTenant;
let t: string;
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};

async function person(name: string, role: "owner" | "member" | "viewer") {
  await createUser(db(), { email: `${name}@example.com`, password: "correct horse battery" });
  ids[name] = (await addMember(db(), { tenantId: tenant.id, email: `${name}@example.com`, role })).id;
  cookies[name] = sessionCookie(await signIn(`${name}@example.com`, "correct horse battery"));
}

beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Roles");
  t = `/api/v1/tenants/${tenant.id}`;
  await person("olivia", "owner");
  await person("mallory", "member");
  await person("victor", "viewer");
});

describe("a member cannot make themself owner", () => {
  it("gets a key no higher than member, and that key cannot manage members", async () => {
    const mallory = asUser(cookies.mallory);
    const ownerKey = await mallory.post(`${t}/api-keys`, { name: "escalate", role: "owner" });
    expect(ownerKey.status).toBe(403);
    expect(ownerKey.body.error.message).toMatch(/more rights than its creator/);

    const key = await mallory.post(`${t}/api-keys`, { name: "mine" });
    expect(key.status).toBe(201);
    expect(key.body.role).toBe("member");
    const k = key.body.key;
    // Everything a member does still works with it…
    expect((await post(`${t}/endpoints`, { url: "https://receiver.example.com/k" }, k)).status).toBe(201);
    // …but not what only owners do.
    expect((await patch(`${t}/members/${ids.mallory}`, { role: "owner" }, k)).status).toBe(403);
    expect((await post(`${t}/invitations`, { email: "sock@example.com", role: "owner" }, k)).status).toBe(403);
    expect((await del(`${t}/members/${ids.olivia}`, k)).status).toBe(403);
    expect((await get(`${t}/invitations`, k)).status).toBe(403);
    const roles = await db().membership.findMany({ where: { tenantId: tenant.id }, select: { id: true, role: true } });
    expect(Object.fromEntries(roles.map((r) => [r.id, r.role]))).toEqual({ [ids.olivia]: "owner", [ids.mallory]: "member", [ids.victor]: "viewer" });
  });

  it("cannot revoke an owner's key; a viewer key is read-only", async () => {
    const olivia = asUser(cookies.olivia);
    const ownerKey = await olivia.post(`${t}/api-keys`, { name: "owner automation", role: "owner" });
    expect(ownerKey.status).toBe(201);
    expect(ownerKey.body.role).toBe("owner");
    expect((await asUser(cookies.mallory).del(`${t}/api-keys/${ownerKey.body.id}`)).status).toBe(403);
    // The owner key manages members, as its creator may.
    const invited = await post(`${t}/invitations`, { email: "new-owner@example.com", role: "owner" }, ownerKey.body.key);
    expect(invited.status).toBe(201);

    const viewerKey = await asUser(cookies.mallory).post(`${t}/api-keys`, { name: "dashboards", role: "viewer" });
    expect(viewerKey.body.role).toBe("viewer");
    expect((await get(`${t}/endpoints`, viewerKey.body.key)).status).toBe(200);
    expect((await post(`${t}/endpoints`, { url: "https://receiver.example.com/v" }, viewerKey.body.key)).status).toBe(403);
    // A viewer cannot create keys at all.
    expect((await asUser(cookies.victor).post(`${t}/api-keys`, { name: "x" })).status).toBe(403);
    // The admin's tenant keys default to member too, and may be made owners.
    expect((await post(`${t}/api-keys`, { name: "ops" }, admin)).body.role).toBe("member");
    expect((await post(`${t}/api-keys`, { name: "ops owner", role: "owner" }, admin)).body.role).toBe("owner");
  });
});

describe("the last owner", () => {
  it("cannot demote themself, leave, or be removed — by anyone", async () => {
    const olivia = asUser(cookies.olivia);
    for (const res of [
      await olivia.patch(`${t}/members/${ids.olivia}`, { role: "member" }),
      await olivia.del(`${t}/members/${ids.olivia}`),
      await del(`${t}/members/${ids.olivia}`, admin),
      await patch(`${t}/members/${ids.olivia}`, { role: "viewer" }, admin),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/at least one owner/) });
    }
    expect(await db().membership.count({ where: { tenantId: tenant.id, role: "owner" } })).toBe(1);
  });

  it("can hand over: with a second owner either may step down, never both at once", async () => {
    expect((await asUser(cookies.olivia).patch(`${t}/members/${ids.mallory}`, { role: "owner" })).status).toBe(200);
    // Both owners demote each other at the same moment: one wins, the tenant keeps an owner.
    const results = await Promise.all([
      asUser(cookies.olivia).patch(`${t}/members/${ids.mallory}`, { role: "member" }),
      asUser(cookies.mallory).patch(`${t}/members/${ids.olivia}`, { role: "member" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db().membership.count({ where: { tenantId: tenant.id, role: "owner" } })).toBe(1);
    // Whichever won, the tests below start again from olivia the owner and mallory a member.
    expect((await patch(`${t}/members/${ids.olivia}`, { role: "owner" }, admin)).status).toBe(200);
    expect((await patch(`${t}/members/${ids.mallory}`, { role: "member" }, admin)).status).toBe(200);
  });

  it("a tenant without owners (operator-managed) can still lose members", async () => {
    const other = await createTenantWithKey(admin, "Operator managed");
    await createUser(db(), { email: "solo@example.com", password: "correct horse battery" });
    const m = await addMember(db(), { tenantId: other.id, email: "solo@example.com", role: "member" });
    expect((await del(`/api/v1/tenants/${other.id}/members/${m.id}`, admin)).status).toBe(204);
  });
});

describe("invitations wait for acceptance", () => {
  it("answers the same for an address with an account and without, and adds no one until they accept", async () => {
    const owner = asUser(cookies.olivia);
    await createUser(db(), { email: "known@example.com", password: "correct horse battery" });
    const known = await owner.post(`${t}/invitations`, { email: "known@example.com", role: "member" });
    const unknown = await owner.post(`${t}/invitations`, { email: "unknown@example.com", role: "member" });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    const shape = (body: Record<string, unknown>) => JSON.stringify(body, (k, v) => (["id", "email", "url", "expiresAt", "createdAt"].includes(k) ? "-" : v));
    expect(shape(known.body)).toBe(shape(unknown.body));
    const members = await owner.get(`${t}/members`);
    expect(members.body.data.map((m: { email: string }) => m.email)).not.toContain("known@example.com");

    // Someone else cannot accept it; the invitee, signed in, can.
    const token = new URL(known.body.url).searchParams.get("invitation");
    expect((await asUser(cookies.victor).post("/api/auth/invitation", { token })).status).toBe(403);
    const knownCookie = sessionCookie(await signIn("known@example.com", "correct horse battery"));
    expect((await call("POST", "/api/auth/invitation", { body: { token }, headers: { cookie: knownCookie } })).status).toBe(403); // cross-origin
    const accepted = await asUser(knownCookie).post("/api/auth/invitation", { token });
    expect(accepted.status).toBe(200);
    expect((await owner.get(`${t}/members`)).body.data).toContainEqual(expect.objectContaining({ email: "known@example.com", role: "member" }));
    expect((await asUser(knownCookie).post("/api/auth/invitation", { token })).status).toBe(404); // used up

    // Inviting a member again is a conflict the owner can see anyway in the member list.
    expect((await owner.post(`${t}/invitations`, { email: "known@example.com", role: "viewer" })).status).toBe(409);
  });
});
