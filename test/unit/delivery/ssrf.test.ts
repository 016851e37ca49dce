import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { describe, expect, it } from "vitest";
import { BlockedAddressError, assertUrlAllowed, createGuardedLookup, isBlockedAddress } from "../../../lib/delivery/ssrf";

describe("isBlockedAddress", () => {
  const blocked: [string, RegExp][] = [
    ["127.0.0.1", /loopback/],
    ["127.255.255.254", /loopback/],
    ["10.0.0.1", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local/],
    ["169.254.0.1", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.255", /carrier-grade NAT/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["0.0.0.0", /unspecified/],
    ["0.1.2.3", /unspecified/],
    ["255.255.255.255", /broadcast/],
    ["240.0.0.1", /reserved/],
    ["192.0.2.1", /reserved/],
    ["::1", /loopback/],
    ["::", /unspecified/],
    ["fc00::1", /unique local/],
    ["fd12:3456::1", /unique local/],
    ["fe80::1", /link-local/],
    ["fe80::1%eth0", /link-local/],
    ["ff02::1", /multicast/],
    ["::ffff:127.0.0.1", /IPv4-mapped loopback/],
    ["::ffff:7f00:1", /IPv4-mapped loopback/],
    ["::ffff:169.254.169.254", /IPv4-mapped link-local/],
    ["::ffff:10.1.2.3", /IPv4-mapped private/],
    ["::7f00:1", /IPv4-compatible/],
    ["64:ff9b::7f00:1", /NAT64-embedded loopback/],
    ["64:ff9b:1::1", /NAT64/],
    ["2002:7f00:1::1", /6to4/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /Teredo/],
    ["2001:db8::1", /reserved/],
    ["[::1]", /loopback/],
    // Non-canonical IPv4 spellings some resolvers and parsers accept.
    ["2130706433", /loopback/],
    ["0x7f.1", /loopback/],
    ["not-an-ip", /not a valid IP/],
  ];
  it.each(blocked)("blocks %s", (ip, reason) => {
    const check = isBlockedAddress(ip);
    expect(check.blocked).toBe(true);
    expect(check.reason).toMatch(reason);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "allows public %s",
    (ip) => {
      expect(isBlockedAddress(ip)).toEqual({ blocked: false });
    },
  );
});

describe("assertUrlAllowed", () => {
  const refused = [
    "http://127.0.0.1/",
    "http://2130706433/", // WHATWG turns this into 127.0.0.1
    "http://0x7f.1/",
    "http://017700000001/",
    "http://127.1:8080/",
    "http://0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/", // becomes [::ffff:7f00:1]
    "https://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/",
    "http://100.64.1.1/",
    "http://[fd00::1]/",
  ];
  it.each(refused)("refuses %s", (url) => {
    expect(() => assertUrlAllowed(new URL(url), false)).toThrow(BlockedAddressError);
    try {
      assertUrlAllowed(new URL(url), false);
    } catch (err) {
      expect((err as BlockedAddressError).code).toBe("HOOKYARD_BLOCKED");
      expect((err as Error).message).toMatch(/HOOKYARD_ALLOW_PRIVATE_URLS/);
    }
  });

  it("allows public IPs and leaves hostnames to the connect-time lookup", () => {
    expect(() => assertUrlAllowed(new URL("https://93.184.216.34/hook"), false)).not.toThrow();
    expect(() => assertUrlAllowed(new URL("https://[2606:4700::1111]/hook"), false)).not.toThrow();
    expect(() => assertUrlAllowed(new URL("http://localhost:3000/"), false)).not.toThrow();
    expect(() => assertUrlAllowed(new URL("https://example.com/"), false)).not.toThrow();
  });

  it("allows private IPs when allowPrivate is set", () => {
    expect(() => assertUrlAllowed(new URL("http://127.0.0.1:3000/"), true)).not.toThrow();
    expect(() => assertUrlAllowed(new URL("http://[::1]/"), true)).not.toThrow();
  });

  it("refuses non-HTTP schemes even when private addresses are allowed", () => {
    expect(() => assertUrlAllowed(new URL("file:///etc/passwd"), true)).toThrow(/only http and https/);
    expect(() => assertUrlAllowed(new URL("ftp://example.com/"), false)).toThrow(BlockedAddressError);
  });
});

type LookupResult = { err: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family?: number };

function lookup(fn: LookupFunction, hostname: string, options: dns.LookupOptions): Promise<LookupResult> {
  return new Promise((resolve) => fn(hostname, options, (err, address, family) => resolve({ err, address, family })));
}

/** A resolver that answers from a script, one answer per call: a DNS rebinding attacker. */
function scriptedResolver(...answers: dns.LookupAddress[][]): LookupFunction & { calls: number } {
  const fn = ((_hostname: string, _options: dns.LookupOptions, callback: Parameters<LookupFunction>[2]) => {
    const answer = answers[Math.min(fn.calls++, answers.length - 1)];
    process.nextTick(() => callback(null, answer));
  }) as LookupFunction & { calls: number };
  fn.calls = 0;
  return fn;
}

describe("createGuardedLookup", () => {
  it("refuses localhost after resolving it, in both lookup shapes", async () => {
    const guarded = createGuardedLookup(false);
    for (const options of [{ all: true }, {}, { all: false, family: 4 }]) {
      const { err } = await lookup(guarded, "localhost", options);
      expect(err).toBeInstanceOf(BlockedAddressError);
      expect(err?.code).toBe("HOOKYARD_BLOCKED");
      expect(err?.message).toMatch(/localhost \((127\.0\.0\.1|::1)\): loopback/);
    }
  });

  it("passes localhost through when private addresses are allowed", async () => {
    const { err, address } = await lookup(createGuardedLookup(true), "localhost", { all: true });
    expect(err).toBeNull();
    expect((address as dns.LookupAddress[]).map((a) => a.address)).toContain("127.0.0.1");
  });

  it("passes DNS errors through untouched", async () => {
    const { err } = await lookup(createGuardedLookup(false), "nonexistent.invalid", { all: true });
    expect(err?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it("checks every resolution, so a rebinding name is refused at connect time", async () => {
    const resolver = scriptedResolver([{ address: "93.184.216.34", family: 4 }], [{ address: "127.0.0.1", family: 4 }]);
    const guarded = createGuardedLookup(false, resolver);
    // First resolution (say, when the endpoint was saved) looks public...
    const first = await lookup(guarded, "rebind.example", {});
    expect(first).toMatchObject({ err: null, address: "93.184.216.34", family: 4 });
    // ...the next one, made for the connection, points at loopback and is refused.
    const second = await lookup(guarded, "rebind.example", {});
    expect(second.err).toBeInstanceOf(BlockedAddressError);
    expect(second.err?.message).toMatch(/rebind\.example \(127\.0\.0\.1\)/);
    expect(resolver.calls).toBe(2);
  });

  it("drops blocked answers and keeps public ones", async () => {
    const resolver = scriptedResolver([
      { address: "10.0.0.1", family: 4 },
      { address: "fd00::1", family: 6 },
      { address: "93.184.216.34", family: 4 },
      { address: "2606:4700::1111", family: 6 },
    ]);
    const guarded = createGuardedLookup(false, resolver);
    const all = await lookup(guarded, "mixed.example", { all: true });
    expect(all.err).toBeNull();
    expect(all.address).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:4700::1111", family: 6 },
    ]);
    const one = await lookup(guarded, "mixed.example", {});
    expect(one).toMatchObject({ err: null, address: "93.184.216.34", family: 4 });
  });

  it("catches IPv4-mapped answers", async () => {
    const guarded = createGuardedLookup(false, scriptedResolver([{ address: "::ffff:127.0.0.1", family: 6 }]));
    const { err } = await lookup(guarded, "mapped.example", { all: true });
    expect(err?.code).toBe("HOOKYARD_BLOCKED");
  });
});
