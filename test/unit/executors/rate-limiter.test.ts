import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../lib/executors/local/rate-limiter";

describe("RateLimiter", () => {
  it("lets a burst of one second's worth through, then paces at the rate", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take("ep", 5, t0)).toBe(0);
    expect(limiter.take("ep", 5, t0)).toBe(200);
    expect(limiter.exhausted(t0)).toEqual(["ep"]);
    expect(limiter.available(t0)).toEqual(new Map([["ep", 0]]));
    expect(limiter.available(t0 + 450)).toEqual(new Map([["ep", 2]]));
    expect(limiter.take("ep", 5, t0 + 200)).toBe(0);
  });

  it("does not limit endpoints without a rate", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.take("ep", null)).toBe(0);
    expect(limiter.exhausted()).toEqual([]);
  });
});
