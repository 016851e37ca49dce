// What counts as breaking between two versions of an event type's schema, and which endpoints a
// version's messages reach.
import { describe, expect, it } from "vitest";
import { audienceOf, lineOf, receives } from "../../lib/event-types/lines";
import { breakingChanges, diffSchemas } from "../../lib/event-types/schema-diff";

const v1 = {
  type: "object",
  properties: {
    orderId: { type: "string" },
    total: { type: "number" },
    note: { type: "string" },
    customer: { type: "object", properties: { email: { type: "string" }, name: { type: "string" } }, required: ["email"] },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
  },
  required: ["orderId", "total"],
};
const clone = () => JSON.parse(JSON.stringify(v1));
const kinds = (prev: unknown, next: unknown) => breakingChanges(diffSchemas(prev, next)).map((c) => `${c.kind} ${c.path}`);

describe("schema diff", () => {
  it("adding fields, required or not, is compatible and listed", () => {
    const v2 = clone();
    v2.properties.currency = { type: "string" };
    v2.properties.customer.properties.phone = { type: "string" };
    v2.required.push("currency");
    const changes = diffSchemas(v1, v2);
    expect(changes.map((c) => c.message)).toEqual(["customer.phone was added", "currency was added (required)"]);
    expect(breakingChanges(changes)).toEqual([]);
  });

  it("a removed field, even nested or inside array items, breaks", () => {
    const v2 = clone();
    delete v2.properties.note;
    delete v2.properties.lines.items.properties.sku;
    v2.properties.lines.items.required = [];
    expect(kinds(v1, v2)).toEqual(["removed note", "removed lines[].sku"]);
  });

  it("retyping breaks unless it narrows; integer narrows number", () => {
    const v2 = clone();
    v2.properties.total = { type: "string" };
    expect(kinds(v1, v2)).toEqual(["retyped total"]);
    const widened = clone();
    widened.properties.note = { type: ["string", "null"] };
    expect(kinds(v1, widened)).toEqual(["retyped note"]);
    const narrowed = clone();
    narrowed.properties.total = { type: "integer" };
    const changes = diffSchemas(v1, narrowed);
    expect(changes.map((c) => [c.kind, c.breaking])).toEqual([["retyped", false]]);
    expect(changes[0].message).toBe("total changed type from number to integer (narrowed)");
  });

  it("an optional field made required, or a required one made optional, breaks", () => {
    const v2 = clone();
    v2.required = ["orderId", "note"];
    expect(kinds(v1, v2)).toEqual(["optional total", "required note"]);
  });

  it("dropping the schema breaks; adding one where there was none does not", () => {
    expect(kinds(v1, null)).toEqual(["schema "]);
    expect(diffSchemas(null, v1)).toMatchObject([{ kind: "schema", breaking: false }]);
    expect(diffSchemas(null, null)).toEqual([]);
  });

  it("composition keywords it cannot compare are breaking when they change", () => {
    const a = { type: "object", properties: { id: { anyOf: [{ type: "string" }, { type: "integer" }] } } };
    const b = { type: "object", properties: { id: { anyOf: [{ type: "string" }] } } };
    expect(kinds(a, b)).toEqual(["unchecked id"]);
  });

  it("an identical schema has no changes", () => {
    expect(diffSchemas(v1, clone())).toEqual([]);
  });
});

describe("lines of versions", () => {
  // 1, 2 (compatible), 3 (breaking), 4 (compatible), 5 (breaking)
  const versions = [
    { version: 1, breaking: false },
    { version: 2, breaking: false },
    { version: 3, breaking: true },
    { version: 4, breaking: false },
    { version: 5, breaking: true },
  ];

  it("a breaking version starts a line that runs to the next breaking one", () => {
    expect(lineOf(versions, 1)).toEqual({ first: 1, last: 2 });
    expect(lineOf(versions, 2)).toEqual({ first: 1, last: 2 });
    expect(lineOf(versions, 4)).toEqual({ first: 3, last: 4 });
    expect(lineOf(versions, 5)).toEqual({ first: 5, last: 5 });
  });

  it("an endpoint receives the messages of its version's line; with no pin, the latest line's", () => {
    expect(receives(versions, 2, 1)).toBe(true); // v1 pin gets a compatible v2 message
    expect(receives(versions, 3, 1)).toBe(false); // but not a v3 one: v3 broke v2
    expect(receives(versions, 3, 4)).toBe(true);
    expect(receives(versions, 5, undefined)).toBe(true);
    expect(receives(versions, 4, undefined)).toBe(false);
  });

  it("a type with one line reaches everyone without looking at pins", () => {
    expect(audienceOf([{ version: 1, breaking: false }, { version: 2, breaking: false }], 1)).toEqual({ pinned: null, unpinned: true });
    expect(audienceOf(versions, 4)).toEqual({ pinned: { first: 3, last: 4 }, unpinned: false });
    expect(audienceOf(versions, 5)).toEqual({ pinned: { first: 5, last: 5 }, unpinned: true });
  });
});
