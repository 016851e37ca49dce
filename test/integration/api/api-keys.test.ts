import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, del, get, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let admin: string;
let tenant: TestTenant;
let keys: string;
beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Keyholder");
  keys = `/api/v1/tenants/${tenant.id}/api-keys`;
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

describe("tenant API keys", () => {
  it("shows a new key once; lists keep only its prefix, never the key or its hash", async () => {
    const created = await post(keys, { name: "CI deploys" }, tenant.key);
    expect(created.status).toBe(201);
    const { key, ...rest } = created.body;
    expect(key).toMatch(/^hy_[A-Za-z0-9_-]{40,}$/);
    expect(rest).toEqual({
      id: expect.stringMatching(/^key_/),
      name: "CI deploys",
      prefix: key.slice(0, rest.prefix.length),
      scope: "tenant",
      tenantId: tenant.id,
      role: "member",
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(rest.prefix.length).toBeGreaterThanOrEqual(6);
    expect(rest.prefix.length).toBeLessThan(key.length / 2);
    expect(created.text).not.toContain(sha256(key));

    const list = await get(keys, tenant.key);
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === rest.id);
    expect(listed).toEqual(rest);
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(sha256(key));
    for (const k of list.body.data) {
      expect(k).not.toHaveProperty("key");
      expect(k).not.toHaveProperty("hash");
    }
  });

  it("makes a key that works at once and records when it was last used", async () => {
    const { body } = await post(keys, { name: "worker" }, admin);
    const me = await get("/api/v1/me", body.key);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "tenant_key", id: body.id, tenants: [{ id: tenant.id }] });
    expect((await get(`/api/v1/tenants/${tenant.id}/endpoints`, body.key)).status).toBe(200);

    const listed = await eventually(
      async () => (await get(keys, admin)).body.data.find((k: { id: string }) => k.id === body.id),
      (k) => k.lastUsedAt !== null,
    );
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("revokes with DELETE: the key stops working at once and stays listed as revoked", async () => {
    const { body } = await post(keys, { name: "short-lived" }, tenant.key);
    expect((await get(`/api/v1/tenants/${tenant.id}`, body.key)).status).toBe(200);

    expect((await del(`${keys}/${body.id}`, tenant.key)).status).toBe(204);
    const refused = await get(`/api/v1/tenants/${tenant.id}`, body.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");

    const listed = (await get(keys, tenant.key)).body.data.find((k: { id: string }) => k.id === body.id);
    expect(listed.revokedAt).toEqual(expect.any(String));
    // Revoking twice is harmless; an unknown id is 404.
    expect((await del(`${keys}/${body.id}`, tenant.key)).status).toBe(204);
    expect((await del(`${keys}/key_doesnotexist`, tenant.key)).status).toBe(404);
    // The key that did the revoking still works.
    expect((await get(keys, tenant.key)).status).toBe(200);
  });

  it("validates the name", async () => {
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(201) }, { name: "ok", scope: "admin" }]) {
      const res = await post(keys, body, tenant.key);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect((await post(keys, {}, tenant.key)).body.error.details[0].path).toBe("name");
  });

  it("refuses malformed and unknown Authorization headers with 401", async () => {
    for (const authorization of ["Basic abc", "Bearer", "hy_abc", "Bearer hy_unknown_but_well_formed_key_123", `Bearer ${tenant.key}x`]) {
      const refused = await call("GET", keys, { headers: { authorization } });
      expect(refused.status, authorization).toBe(401);
    }
  });
});

describe("admin API keys", () => {
  it("creates, lists and revokes admin keys at /api/v1/api-keys", async () => {
    const created = await post("/api/v1/api-keys", { name: "ops laptop" }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: "admin", tenantId: null, name: "ops laptop", key: expect.stringMatching(/^hy_/) });

    // The new key is an admin: it can create tenants.
    expect((await post("/api/v1/tenants", { name: "Made by new admin" }, created.body.key)).status).toBe(201);

    const list = await get("/api/v1/api-keys", admin);
    expect(list.status).toBe(200);
    expect(list.body.data.every((k: { scope: string }) => k.scope === "admin")).toBe(true);
    expect(list.body.data.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(list.text).not.toContain(created.body.key);

    expect((await del(`/api/v1/api-keys/${created.body.id}`, admin)).status).toBe(204);
    expect((await get("/api/v1/tenants", created.body.key)).status).toBe(401);
  });

  it("is closed to tenant keys (403), and tenant keys are not reachable through it", async () => {
    const { body: adminKeyRow } = await post("/api/v1/api-keys", { name: "target" }, admin);
    for (const res of [
      await post("/api/v1/api-keys", { name: "escalate" }, tenant.key),
      await get("/api/v1/api-keys", tenant.key),
      await del(`/api/v1/api-keys/${adminKeyRow.id}`, tenant.key),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect((await post("/api/v1/tenants", { name: "Still admin" }, adminKeyRow.key)).status).toBe(201);

    // A tenant key is not an admin key: DELETE /api/v1/api-keys/{id} does not find it.
    const { body: tenantKeyRow } = await post(keys, { name: "tenant" }, tenant.key);
    expect((await del(`/api/v1/api-keys/${tenantKeyRow.id}`, admin)).status).toBe(404);
    expect((await get(`/api/v1/tenants/${tenant.id}`, tenantKeyRow.key)).status).toBe(200);
    expect((await get("/api/v1/api-keys", admin)).body.data.map((k: { id: string }) => k.id)).not.toContain(tenantKeyRow.id);
  });
});
