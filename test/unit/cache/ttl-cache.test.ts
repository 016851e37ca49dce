import { afterEach, describe, expect, it, vi } from "vitest";
import { ttlCache } from "../../../lib/cache/ttl-cache";

afterEach(() => vi.useRealTimers());

describe("ttlCache", () => {
  it("serves a value until its TTL ends, then loads again", async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = ttlCache<number>(1000);
    const load = vi.fn(async () => load.mock.calls.length);
    expect(await cache.get("k", load)).toBe(1);
    vi.setSystemTime(999);
    expect(await cache.get("k", load)).toBe(1);
    vi.setSystemTime(1000);
    expect(await cache.get("k", load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("shares one load between concurrent misses and does not keep a failed load", async () => {
    const cache = ttlCache<string>(10_000);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("db down"));
    };
    await expect(Promise.all([cache.get("k", failing), cache.get("k", failing)])).rejects.toThrow("db down");
    expect(calls).toBe(1);
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });

  it("clear() makes the next lookup load, also over a load still in flight", async () => {
    const cache = ttlCache<string>(10_000);
    let release!: (v: string) => void;
    const slow = cache.get("k", () => new Promise((r) => (release = r)));
    cache.clear(); // e.g. the key was revoked while it was being looked up
    expect(await cache.get("k", async () => "fresh")).toBe("fresh");
    release("stale");
    expect(await slow).toBe("stale");
    expect(await cache.get("k", async () => "again")).toBe("fresh");
  });
});
