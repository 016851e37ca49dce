import { describe, expect, it } from "vitest";
import { rawJsonMember } from "../../../lib/api/raw-json";

describe("rawJsonMember", () => {
  it("returns a member's text exactly as sent: key order, number formatting, whitespace", () => {
    const body = `{"eventType":"order.completed", "payload" : {"z": 1.50, "a": [1e3, {"k":"v}\\"]"}], "m": null} ,"idempotencyKey":"k"}`;
    expect(rawJsonMember(body, "payload")).toBe(`{"z": 1.50, "a": [1e3, {"k":"v}\\"]"}], "m": null}`);
    expect(rawJsonMember(body, "eventType")).toBe(`"order.completed"`);
    expect(rawJsonMember(body, "idempotencyKey")).toBe(`"k"`);
  });

  it("takes scalars and the last of repeated keys (as JSON.parse does); null when absent or not an object", () => {
    expect(rawJsonMember(`{"payload":-0.10E+2}`, "payload")).toBe("-0.10E+2");
    expect(rawJsonMember(`{"payload":true,"payload":[ 1 ,2 ]}`, "payload")).toBe("[ 1 ,2 ]");
    expect(rawJsonMember(`{"a":1}`, "payload")).toBeNull();
    expect(rawJsonMember(`[{"payload":1}]`, "payload")).toBeNull();
    expect(rawJsonMember(`{}`, "payload")).toBeNull();
  });

  it("is not fooled by keys or brackets inside strings", () => {
    const body = `{"note":"\\"payload\\": {","payload":{"s":"]}"}}`;
    expect(rawJsonMember(body, "payload")).toBe(`{"s":"]}"}`);
    expect(JSON.parse(rawJsonMember(body, "payload")!)).toEqual(JSON.parse(body).payload);
  });
});
