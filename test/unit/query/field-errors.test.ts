// Where a dashboard form shows a problem: the browser's own zod check and the API's error details
// (the real shapes: dotted zod paths, JSON pointers into a JSON field) land under the same field.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { endpointCreateSchema } from "@/lib/schemas/endpoints";
import { formErrors, placeProblems, splitPath, zodProblems, FIX_FIELDS_MESSAGE } from "@/lib/query/field-errors";

const ENDPOINT_FIELDS = ["url", "description", "eventTypes", "headers", "rateLimitPerSecond", "timeoutMs"] as const;

describe("splitPath", () => {
  it("splits dotted paths, JSON pointers and zod paths into the field and the place inside it", () => {
    expect(splitPath("url")).toEqual({ field: "url", inner: "" });
    expect(splitPath("headers.X-Team")).toEqual({ field: "headers", inner: "X-Team" });
    expect(splitPath("headers.x.forwarded")).toEqual({ field: "headers", inner: "x.forwarded" });
    expect(splitPath("examplePayload/items/0")).toEqual({ field: "examplePayload", inner: "/items/0" });
    expect(splitPath("examplePayload/")).toEqual({ field: "examplePayload", inner: "" });
    expect(splitPath(["headers", "X-Team"])).toEqual({ field: "headers", inner: "X-Team" });
    expect(splitPath(["eventTypes", 2])).toEqual({ field: "eventTypes", inner: "2" });
    expect(splitPath("")).toEqual({ field: "", inner: "" });
    expect(splitPath(undefined)).toEqual({ field: "", inner: "" });
  });
});

describe("placeProblems", () => {
  it("puts a nested problem under its field, saying where inside unless the message already does", () => {
    const placed = placeProblems(
      [
        { path: "examplePayload/orderId", message: "must be string" },
        { path: "examplePayload/", message: "must have required property 'total'" },
        { path: "headers.X-Team", message: "must be a single line" },
        { path: "headers.Host", message: '"Host" is set by Hookyard and cannot be overridden' },
      ],
      ["name", "examplePayload", "headers"],
    );
    // The first problem of a field is the one shown.
    expect(placed).toEqual({ fields: { examplePayload: "/orderId: must be string", headers: "X-Team: must be a single line" }, unplaced: [] });
  });

  it("keeps problems of fields the form does not have, and path-less ones, for the form's error line", () => {
    const placed = placeProblems(
      [
        { path: "invitation", message: "has expired" },
        { path: "payload.amount", message: "must be >= 0" },
        { message: "at most 20 custom headers" },
      ],
      ["email", "password"],
    );
    expect(placed).toEqual({ fields: {}, unplaced: ["invitation: has expired", "payload.amount: must be >= 0", "at most 20 custom headers"] });
  });
});

describe("formErrors", () => {
  it("asks to fix the highlighted fields when every problem has one", () => {
    expect(formErrors([{ path: "url", message: "must be an http(s) URL" }], ENDPOINT_FIELDS, "fallback")).toEqual({
      fields: { url: "must be an http(s) URL" },
      form: FIX_FIELDS_MESSAGE,
    });
  });

  it("shows the API's own message when no detail names a field, and unplaced details when some do not", () => {
    expect(formErrors([], ENDPOINT_FIELDS, "A tenant with this uid already exists")).toEqual({ fields: {}, form: "A tenant with this uid already exists" });
    expect(formErrors([{ path: "secret", message: "is not a whsec_ secret" }], ENDPOINT_FIELDS, "fallback").form).toBe("secret: is not a whsec_ secret");
  });

  it("places the browser-side check of the shared endpoint schema the same way", () => {
    const result = endpointCreateSchema.safeParse({ url: "ftp://example.com", headers: { "X-Team": "a\r\nb", Host: "evil" }, timeoutMs: 5 });
    expect(result.success).toBe(false);
    const { fields, form } = formErrors(zodProblems(result.error!), ENDPOINT_FIELDS, "fallback");
    expect(form).toBe(FIX_FIELDS_MESSAGE);
    expect(fields.url).toBe("Enter a full URL, such as https://example.com/webhooks.");
    expect(fields.headers).toBe("X-Team: Must be a single line.");
    expect(fields.timeoutMs).toBe("Must be at least 100.");
  });

  it("words zod's issues as a person would, and keeps a schema's own message as a sentence", () => {
    const schema = z.object({ name: z.string().trim().min(1, "is required"), n: z.number().int().max(10), types: z.array(z.string()).min(1), kind: z.enum(["a", "b"]) });
    const messages = zodProblems(schema.safeParse({ name: " ", n: 1.5, types: [], kind: "c" }).error!).map((p) => p.message);
    expect(messages).toEqual(["Required.", "Enter a whole number.", "Choose at least one.", "Choose one of a, b."]);
    expect(zodProblems(schema.safeParse({ name: "x", n: 11, types: ["t"], kind: "a" }).error!)[0].message).toBe("Must be at most 10.");
    expect(zodProblems(schema.safeParse({ types: ["t"], kind: "a", n: 1 }).error!)[0].message).toBe("Required.");
    for (const m of messages) expect(m).not.toMatch(/expected|>=|Too small|Invalid/);
  });
});
