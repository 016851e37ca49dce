import { beforeAll, describe, expect, it } from "vitest";
import { call, del, get, patch, post } from "../../helpers/api";
import { adminKey, createTenantWithKey } from "../../helpers/fixtures";

let admin: string;
beforeAll(async () => {
  admin = await adminKey();
});

describe("tenants API", () => {
  it("creates, reads by id or uid, updates and deletes a tenant", async () => {
    const created = await post("/api/v1/tenants", { name: "Acme", uid: "acme-1" }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Acme", uid: "acme-1" });
    expect(created.body.id).toMatch(/^ten_/);

    expect((await get(`/api/v1/tenants/${created.body.id}`, admin)).body.name).toBe("Acme");
    expect((await get("/api/v1/tenants/acme-1", admin)).body.id).toBe(created.body.id);

    const renamed = await patch("/api/v1/tenants/acme-1", { name: "Acme Inc" }, admin);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Acme Inc");

    expect((await del("/api/v1/tenants/acme-1", admin)).status).toBe(204);
    expect((await get(`/api/v1/tenants/${created.body.id}`, admin)).status).toBe(404);
  });

  it("refuses a duplicate uid with 409", async () => {
    expect((await post("/api/v1/tenants", { name: "A", uid: "dup" }, admin)).status).toBe(201);
    const again = await post("/api/v1/tenants", { name: "B", uid: "dup" }, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("answers bad input with clear 4xx JSON errors", async () => {
    const missing = await post("/api/v1/tenants", {}, admin);
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: "validation_failed" });
    expect(missing.body.error.details[0].path).toBe("name");

    const malformed = await call("POST", "/api/v1/tenants", { key: admin, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");

    const huge = await call("POST", "/api/v1/tenants", { key: admin, rawBody: JSON.stringify({ name: "x".repeat(300 * 1024) }) });
    expect(huge.status).toBe(413);

    expect((await get("/api/v1/tenants")).status).toBe(401);
    expect((await get("/api/v1/tenants", "hy_unknown_key_value_123456")).status).toBe(401);
  });

  it("keeps tenant keys off admin routes and out of other tenants", async () => {
    const a = await createTenantWithKey(admin, "Tenant A", "tenant-a");
    const b = await createTenantWithKey(admin, "Tenant B");
    expect((await post("/api/v1/tenants", { name: "Sneaky" }, a.key)).status).toBe(403);
    expect((await patch(`/api/v1/tenants/${a.id}`, { name: "Renamed" }, a.key)).status).toBe(403);
    expect((await get(`/api/v1/tenants/${a.id}`, a.key)).status).toBe(200);
    expect((await get(`/api/v1/tenants/${b.id}`, a.key)).status).toBe(404);
    const visible = await get("/api/v1/tenants", a.key);
    expect(visible.body.data.map((t: { id: string }) => t.id)).toEqual([a.id]);
  });

  it("pages newest first by cursor, stable while new tenants arrive", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post("/api/v1/tenants", { name: `Paged ${i}` }, admin)).body.id);
    const first = await get("/api/v1/tenants?limit=2", admin);
    expect(first.body.data.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3]]);
    await post("/api/v1/tenants", { name: "Arrived meanwhile" }, admin);
    const second = await get(`/api/v1/tenants?limit=2&cursor=${first.body.nextCursor}`, admin);
    expect(second.body.data.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    expect((await get("/api/v1/tenants?limit=0", admin)).status).toBe(422);
    expect((await get("/api/v1/tenants?limit=251", admin)).status).toBe(422);
  });
});
