import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../lib/executors/local/rate-limiter";

describe("RateLimiter", () => {
  it("lets a burst of one second's worth through, then paces at the rate", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take("ep", 5, t0)).toBe(0);
    expect(limiter.take("ep", 5, t0)).toBe(200);
    expect(limiter.available(t0)).toEqual(new Map([["ep", 0]]));
    expect(limiter.available(t0 + 450)).toEqual(new Map([["ep", 2]]));
    expect(limiter.take("ep", 5, t0 + 200)).toBe(0);
  });

  it("keeps telling claims a rate-limited endpoint's tokens once its bucket is full again", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    expect(limiter.take("ep", 1, t0)).toBe(0);
    // A second later the bucket is full: a claim may take one delivery, not the endpoint's slots.
    expect(limiter.available(t0 + 5_000)).toEqual(new Map([["ep", 1]]));
    // Unused for over a minute, it is forgotten.
    expect(limiter.available(t0 + 61_000)).toEqual(new Map());
  });

  it("forgets a limit as soon as an attempt shows it lifted", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    expect(limiter.take("ep", 1, t0)).toBe(0);
    expect(limiter.available(t0)).toEqual(new Map([["ep", 0]]));
    expect(limiter.take("ep", null, t0)).toBe(0);
    expect(limiter.available(t0)).toEqual(new Map());
  });

  it("does not limit endpoints without a rate", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.take("ep", null)).toBe(0);
    expect(limiter.available()).toEqual(new Map());
  });
});
