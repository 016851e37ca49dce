import { beforeAll, describe, expect, it } from "vitest";
import { del, get, patch, post } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let admin: string;
let tenant: TestTenant;
beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Reader");
});

const orderSchema = {
  type: "object",
  properties: { orderId: { type: "string" }, total: { type: "number", minimum: 0 } },
  required: ["orderId"],
};

describe("event types API", () => {
  it("creates an event type with its schema and example, and reads it back by name", async () => {
    const created = await post(
      "/api/v1/event-types",
      { name: "order.completed", description: "An order was paid", schema: orderSchema, examplePayload: { orderId: "o_1", total: 12.5 } },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^evt_/);
    expect(created.body).toMatchObject({ name: "order.completed", description: "An order was paid", schema: orderSchema, archived: false });

    const read = await get("/api/v1/event-types/order.completed", admin);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const minimal = await post("/api/v1/event-types", { name: "user.signed_up" }, admin);
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({ description: "", schema: null, examplePayload: null, archived: false });
  });

  it("refuses a duplicate name with 409", async () => {
    expect((await post("/api/v1/event-types", { name: "invoice.paid" }, admin)).status).toBe(201);
    const again = await post("/api/v1/event-types", { name: "invoice.paid", description: "again" }, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(again.body.error.message).toContain("invoice.paid");
  });

  it("rejects bad names, the reserved hookyard. namespace and unknown fields with 422", async () => {
    for (const name of ["has spaces", "trailing.", ".leading", "a..b", "", "x".repeat(101)]) {
      const res = await post("/api/v1/event-types", { name }, admin);
      expect(res.status, name).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details.map((d: { path: string }) => d.path), name).toContain("name");
    }
    const reserved = await post("/api/v1/event-types", { name: "hookyard.ping" }, admin);
    expect(reserved.status).toBe(422);
    expect(reserved.body.error.details).toEqual([expect.objectContaining({ path: "name", message: expect.stringContaining("reserved") })]);

    const unknownField = await post("/api/v1/event-types", { name: "ok.name", colour: "red" }, admin);
    expect(unknownField.status).toBe(422);
  });

  it("rejects a schema that is not JSON Schema, and an example that does not match the schema", async () => {
    const badSchema = await post("/api/v1/event-types", { name: "bad.schema", schema: { type: "not-a-type" } }, admin);
    expect(badSchema.status).toBe(422);
    expect(badSchema.body.error.details[0].path).toBe("schema");

    const badExample = await post("/api/v1/event-types", { name: "bad.example", schema: orderSchema, examplePayload: { total: -1 } }, admin);
    expect(badExample.status).toBe(422);
    expect(badExample.body.error.message).toContain("examplePayload");
    const paths = badExample.body.error.details.map((d: { path: string }) => d.path);
    expect(paths.every((p: string) => p.startsWith("examplePayload"))).toBe(true);
    expect(badExample.body.error.details.length).toBe(2); // missing orderId, negative total

    // Nothing was created by the refused requests.
    expect((await get("/api/v1/event-types/bad.schema", admin)).status).toBe(404);
    expect((await get("/api/v1/event-types/bad.example", admin)).status).toBe(404);

    // A schema set later must accept the example already stored.
    expect((await post("/api/v1/event-types", { name: "later.schema", examplePayload: { foo: 1 } }, admin)).status).toBe(201);
    const conflicting = await patch("/api/v1/event-types/later.schema", { schema: orderSchema }, admin);
    expect(conflicting.status).toBe(422);
  });

  it("updates the description, archives, and hides archived types from the list unless asked", async () => {
    expect((await post("/api/v1/event-types", { name: "shipment.sent" }, admin)).status).toBe(201);
    const updated = await patch("/api/v1/event-types/shipment.sent", { description: "Left the warehouse" }, admin);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "shipment.sent", description: "Left the warehouse", archived: false });

    const names = async (query = "") =>
      (await get(`/api/v1/event-types?limit=250${query}`, admin)).body.data.map((e: { name: string }) => e.name);
    expect(await names()).toContain("shipment.sent");

    const archived = await patch("/api/v1/event-types/shipment.sent", { archived: true }, admin);
    expect(archived.body.archived).toBe(true);
    expect(await names()).not.toContain("shipment.sent");
    expect(await names("&includeArchived=true")).toContain("shipment.sent");
    expect(await names("&includeArchived=false")).not.toContain("shipment.sent");
    // Still readable by name, so old messages keep their meaning.
    expect((await get("/api/v1/event-types/shipment.sent", admin)).body.archived).toBe(true);
    expect((await get("/api/v1/event-types?includeArchived=yes", admin)).status).toBe(422);

    const unarchived = await patch("/api/v1/event-types/shipment.sent", { archived: false }, admin);
    expect(unarchived.body.archived).toBe(false);
    expect(await names()).toContain("shipment.sent");

    expect((await patch("/api/v1/event-types/shipment.sent", { name: "renamed" }, admin)).status).toBe(422);
    expect((await patch("/api/v1/event-types/no.such.type", { description: "x" }, admin)).status).toBe(404);
  });

  it("deletes with 204, then it is 404", async () => {
    expect((await post("/api/v1/event-types", { name: "temp.thing" }, admin)).status).toBe(201);
    expect((await del("/api/v1/event-types/temp.thing", admin)).status).toBe(204);
    const gone = await get("/api/v1/event-types/temp.thing", admin);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("not_found");
    expect((await del("/api/v1/event-types/temp.thing", admin)).status).toBe(404);
  });

  it("pages the catalog newest first", async () => {
    for (const name of ["page.one", "page.two", "page.three"]) expect((await post("/api/v1/event-types", { name }, admin)).status).toBe(201);
    const first = await get("/api/v1/event-types?limit=2", admin);
    expect(first.body.data.map((e: { name: string }) => e.name)).toEqual(["page.three", "page.two"]);
    const second = await get(`/api/v1/event-types?limit=2&cursor=${first.body.nextCursor}`, admin);
    expect(second.body.data[0].name).toBe("page.one");
  });

  it("lets tenant keys read the catalog but not change it (403)", async () => {
    expect((await post("/api/v1/event-types", { name: "catalog.item" }, admin)).status).toBe(201);
    const list = await get("/api/v1/event-types", tenant.key);
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { name: string }) => e.name)).toContain("catalog.item");
    expect((await get("/api/v1/event-types/catalog.item", tenant.key)).status).toBe(200);

    for (const res of [
      await post("/api/v1/event-types", { name: "tenant.made" }, tenant.key),
      await patch("/api/v1/event-types/catalog.item", { description: "changed" }, tenant.key),
      await del("/api/v1/event-types/catalog.item", tenant.key),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    const unchanged = await get("/api/v1/event-types/catalog.item", admin);
    expect(unchanged.body.description).toBe("");
    expect((await get("/api/v1/event-types")).status).toBe(401);
  });
});
