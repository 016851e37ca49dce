// Issue 9, item 2: a callback URL is followed only when, resolved as a browser resolves it, it
// stays on our origin.
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "../../../lib/auth/callback-url";

describe("safeCallbackPath", () => {
  it("keeps our own pages, as relative paths", () => {
    expect(safeCallbackPath("/t/ten_1/endpoints?x=1#y")).toBe("/t/ten_1/endpoints?x=1#y");
    expect(safeCallbackPath("/sign-up?invitation=abc")).toBe("/sign-up?invitation=abc");
    expect(safeCallbackPath("https://hooks.example.com/t/a", "https://hooks.example.com")).toBe("/t/a");
    expect(safeCallbackPath("t/a")).toBe("/t/a");
  });

  it("refuses every spelling of another host", () => {
    for (const raw of [
      "/\\evil.example/x",
      "/%5Cevil.example/x".replace("%5C", "\\"),
      "/\t/evil.example/x",
      "/\n/evil.example",
      "//evil.example/x",
      "\\\\evil.example",
      "https://evil.example/x",
      "https://hooks.example.com.evil.example/",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://hooks.example.com/x",
    ]) {
      expect(safeCallbackPath(raw, "https://hooks.example.com"), JSON.stringify(raw)).toBe("/");
    }
  });

  it("never returns a path a browser would read as another host", () => {
    expect(safeCallbackPath("/.//evil.example/x")).toBe("/evil.example/x");
    expect(safeCallbackPath("/..//evil.example")).toBe("/evil.example");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/a"])).toBe("/");
    expect(safeCallbackPath("/" + "a".repeat(5000))).toBe("/");
  });
});
