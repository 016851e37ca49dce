import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../lib/delivery/retry-after";

const now = Date.parse("2026-11-30T12:00:00Z");

describe("retryAfterMs", () => {
  it("reads seconds on a 429 and a 503", () => {
    expect(retryAfterMs(429, { "retry-after": "120" }, now)).toBe(120_000);
    expect(retryAfterMs(503, { "retry-after": " 7 " }, now)).toBe(7_000);
  });

  it("reads an HTTP date as the time until then", () => {
    expect(retryAfterMs(503, { "retry-after": "Mon, 30 Nov 2026 12:02:00 GMT" }, now)).toBe(120_000);
  });

  it("ignores it on other statuses, in the past, or unreadable", () => {
    expect(retryAfterMs(500, { "retry-after": "120" }, now)).toBeNull();
    expect(retryAfterMs(429, { "retry-after": "Mon, 30 Nov 2026 11:00:00 GMT" }, now)).toBeNull();
    expect(retryAfterMs(429, { "retry-after": "soon" }, now)).toBeNull();
    expect(retryAfterMs(429, { "retry-after": "-5" }, now)).toBeNull();
    expect(retryAfterMs(429, {}, now)).toBeNull();
    expect(retryAfterMs(null, null, now)).toBeNull();
  });
});
