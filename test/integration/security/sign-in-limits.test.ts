// Issue 9, item 4: the password limiter counts before it hashes (so concurrency cannot buy extra
// guesses), slows attackers with backoff, never locks the real user out of their own browser,
// and keeps bounded state.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../helpers/api";
import { db } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";
import { FORGET_AFTER_MS, PER_ADDRESS, PER_CLIENT, delayAfter, takeAttempt } from "../../../lib/auth/sign-in-limiter";
import { createUser } from "../../../lib/users/users";
import { ORIGIN } from "../dashboard/session-helpers";

const HOST = new URL(ORIGIN).host;
const PASSWORD = "correct horse battery";

function attempt(email: string, password: string, headers: Record<string, string> = {}) {
  return call("POST", "/api/auth/password", { body: { email, password }, headers: { origin: ORIGIN, host: HOST, ...headers } });
}

const deviceCookieOf = (res: { headers: Headers }) => res.headers.getSetCookie().find((c) => c.startsWith("hookyard.device="))!.split(";")[0];

beforeAll(async () => {
  for (const name of ["admin", "alice", "bob"]) await createUser(db(), { email: `${name}@example.com`, password: PASSWORD, isAdmin: name === "admin" });
});

describe("password sign-in limits", () => {
  it("200 concurrent wrong passwords get exactly the free attempts checked; the rest wait, with Retry-After", async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => attempt("alice@example.com", "wrong password")));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_ADDRESS.free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - PER_ADDRESS.free);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // An unknown address is limited the same way (the limit tells nothing about accounts).
    const ghost = await Promise.all(Array.from({ length: 30 }, () => attempt("ghost@example.com", "wrong password")));
    expect(ghost.filter((r) => r.status === 401)).toHaveLength(PER_ADDRESS.free);
  });

  it("never locks the real user out of the browser they signed in with before", async () => {
    const first = await attempt("admin@example.com", PASSWORD);
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);
    // Someone else hammers the operator admin's address.
    const attack = await Promise.all(Array.from({ length: 60 }, () => attempt("admin@example.com", "guess")));
    expect(attack.filter((r) => r.status === 401)).toHaveLength(PER_ADDRESS.free);
    // …and keeps at it for a while, so every browser without the cookie now waits minutes.
    await db().signInThrottle.updateMany({ data: { blockedUntil: new Date(Date.now() + 5 * 60_000) } });
    expect((await attempt("admin@example.com", PASSWORD)).status).toBe(429);
    // The admin, on their own browser: straight in, and a typo of theirs counts only against it.
    expect((await attempt("admin@example.com", "typo", { cookie: device })).status).toBe(401);
    expect((await attempt("admin@example.com", PASSWORD, { cookie: device })).status).toBe(200);
    // A device cookie is bound to its address: it buys nothing for another one.
    expect((await attempt("bob@example.com", "guess", { cookie: device })).status).toBe(401);
    const forged = device.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await attempt("admin@example.com", PASSWORD, { cookie: forged })).status).toBe(429);
    expect((await attempt("admin@example.com", PASSWORD, { cookie: device })).status).toBe(200);
  });

  it("behind a trusted proxy, counts per client IP, so one attacker's IP does not stop another's user", async () => {
    process.env.HOOKYARD_TRUST_PROXY = "1";
    reloadEnv();
    try {
      const from = (ip: string) => ({ "x-forwarded-for": `203.0.113.77, ${ip}` });
      const attacker = await Promise.all(Array.from({ length: 12 }, () => attempt("bob@example.com", "guess", from("198.51.100.1"))));
      expect(attacker.filter((r) => r.status === 401)).toHaveLength(PER_CLIENT.free);
      // The spoofed first entry is not the client: the proxy's own (last) entry is.
      expect((await attempt("bob@example.com", "guess", from("198.51.100.1"))).status).toBe(429);
      expect((await attempt("bob@example.com", PASSWORD, from("192.0.2.10"))).status).toBe(200);
    } finally {
      delete process.env.HOOKYARD_TRUST_PROXY;
      reloadEnv();
    }
  });

  it("backs off rather than locking: waits double and stop at a cap", () => {
    expect([0, 4, 5, 6, 7].map((f) => delayAfter(f, PER_CLIENT))).toEqual([0, 0, 1000, 2000, 4000]);
    expect(delayAfter(1000, PER_CLIENT)).toBe(PER_CLIENT.maxDelayMs);
    expect(delayAfter(1000, PER_ADDRESS)).toBe(5 * 60_000);
  });

  it("keeps bounded state: no addresses stored, forgotten buckets deleted", async () => {
    const rows = await db().signInThrottle.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/example\.com/);
    for (let i = 0; i < 50; i++) await takeAttempt([{ name: `password:spray-${i}@example.com:untrusted`, policy: PER_ADDRESS }]);
    const before = await db().signInThrottle.count();
    // An hour and a bit later, the next attempt prunes every bucket not used since.
    await takeAttempt([{ name: "password:late@example.com:untrusted", policy: PER_ADDRESS }], new Date(Date.now() + FORGET_AFTER_MS + 10 * 60_000));
    await expect.poll(() => db().signInThrottle.count()).toBe(1);
    expect(before).toBeGreaterThan(50);
  });
});
