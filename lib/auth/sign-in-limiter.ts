// Limits on guessing: password sign-ins (per address and client) and sign-in link requests.
//
// Each bucket counts failed attempts; once it has had its free ones, every further attempt must
// wait (1 s, 2 s, 4 s… up to a cap) after the previous one — a backoff, never a lock that someone
// else's guesses could keep shut. For a password sign-in the buckets are (OWASP's "device cookies"):
//  - the address on this device: a browser that has signed in to the address before carries a
//    device cookie (lib/auth/device-cookie.ts); its attempts count against that bucket only, so an
//    attacker's failures never slow the real user down on their own browser;
//  - otherwise the address from this IP (when a trusted proxy tells us the IP: HOOKYARD_TRUST_PROXY),
//    and the address from anywhere without a device cookie, whose cap is short (5 minutes): it
//    slows an attacker spreading guesses over many IPs and delays a new device, but locks no one.
// The check and the count are one step (row locks, in one transaction) taken before the password
// hash: N concurrent guesses get exactly the free attempts, the rest wait without a hash. Buckets
// live in PostgreSQL (SignInThrottle), shared by every server process, keyed by a SHA-256 (no
// addresses stored), and deleted an hour after their last failure.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { DomainError } from "../errors";

export interface BucketPolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** A password-guessing client we can tell apart: a device of the address's owner, or an IP. */
export const PER_CLIENT: BucketPolicy = { free: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 };
/** Every client of an address without a device cookie, together. */
export const PER_ADDRESS: BucketPolicy = { free: 20, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };
/** Sign-in link requests for an address (each request counts: each one sends an email). */
export const LINK_REQUESTS: BucketPolicy = { free: 5, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000 };

/** A bucket's failures are forgotten this long after its last one. */
export const FORGET_AFTER_MS = 60 * 60_000;

export function delayAfter(failures: number, policy: BucketPolicy): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(failures - policy.free, 30), policy.maxDelayMs);
}

export interface Bucket {
  name: string;
  policy: BucketPolicy;
}

// A free attempt leaves blockedUntil in the past rather than at its own `now`: concurrent requests
// read the clock before they get the row lock, so one that read it earlier would otherwise find the
// bucket "blocked" until a later request's now, and be refused an attempt it is owed.
const NEVER_BLOCKED = new Date(0);

const bucketKey = (name: string) => createHash("sha256").update(`hookyard:sign-in:${name}`).digest("hex");

/** 429 with Retry-After: the caller must wait that long before trying again. */
export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "rate_limited", message, undefined, { "retry-after": String(retryAfterSeconds) });
  }
}

/**
 * Counts one attempt against every bucket if none of them makes it wait; otherwise counts nothing
 * and returns how long to wait (ms). Atomic across processes and without a transaction to hold
 * a connection: one statement locks the buckets' rows (FOR UPDATE), decides, and updates them.
 */
export async function takeAttempt(buckets: Bucket[], now = new Date()): Promise<{ waitMs: number }> {
  const keys = buckets.map((b) => bucketKey(b.name));
  const free = buckets.map((b) => b.policy.free);
  const base = buckets.map((b) => b.policy.baseDelayMs);
  const cap = buckets.map((b) => b.policy.maxDelayMs);
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  await db().$executeRaw`INSERT INTO "SignInThrottle" ("key", "failures", "blockedUntil", "lastFailureAt")
    SELECT k, 0, ${NEVER_BLOCKED}, ${now} FROM unnest(${keys}::text[]) AS k ON CONFLICT ("key") DO NOTHING`;
  const [{ until }] = await db().$queryRaw<{ until: Date }[]>`
    WITH policy AS (
      SELECT * FROM unnest(${keys}::text[], ${free}::int[], ${base}::float8[], ${cap}::float8[]) AS p("key", "free", "base", "cap")
    ), locked AS (
      SELECT t."key", t."failures", t."blockedUntil", t."lastFailureAt" FROM "SignInThrottle" t
      WHERE t."key" = ANY(${keys}::text[]) ORDER BY t."key" FOR UPDATE
    ), verdict AS (
      SELECT COALESCE(MAX("blockedUntil"), ${now}) AS "until" FROM locked
    ), counted AS (
      SELECT l."key", p."free", p."base", p."cap",
        (CASE WHEN l."lastFailureAt" < ${forgetBefore} THEN 0 ELSE l."failures" END) + 1 AS "failures"
      FROM locked l JOIN policy p ON p."key" = l."key"
    ), updated AS (
      UPDATE "SignInThrottle" t SET "failures" = c."failures", "lastFailureAt" = ${now},
        "blockedUntil" = CASE WHEN c."failures" < c."free" THEN t."blockedUntil"
          ELSE ${now}::timestamp + make_interval(secs => LEAST(c."base" * power(2, LEAST(c."failures" - c."free", 30)), c."cap") / 1000.0) END
      FROM counted c, verdict v WHERE t."key" = c."key" AND v."until" <= ${now}
      RETURNING t."key"
    )
    SELECT "until", (SELECT COUNT(*) FROM updated) AS "counted" FROM verdict`;
  pruneNowAndThen(now);
  return { waitMs: Math.max(0, until.getTime() - now.getTime()) };
}

/**
 * The attempt succeeded: buckets in `reset` start over (the client proved it knows the password),
 * buckets in `uncount` give back the attempt counted for it.
 */
export async function attemptSucceeded({ reset, uncount }: { reset: Bucket[]; uncount: Bucket[] }): Promise<void> {
  if (reset.length) await db().$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ANY(${reset.map((b) => bucketKey(b.name))}::text[])`;
  if (uncount.length) {
    await db().$executeRaw`UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ANY(${uncount.map((b) => bucketKey(b.name))}::text[])`;
  }
}

let lastPrune = 0;

/** Deletes forgotten buckets, at most once a minute per process, without holding up the caller. */
function pruneNowAndThen(now: Date): void {
  if (now.getTime() - lastPrune < 60_000) return;
  lastPrune = now.getTime();
  void db()
    .$executeRaw(Prisma.sql`DELETE FROM "SignInThrottle" WHERE "lastFailureAt" < ${new Date(now.getTime() - FORGET_AFTER_MS)} AND "blockedUntil" < ${now}`)
    .catch(() => {});
}

export function waitMessage(what: string, waitMs: number): { message: string; seconds: number } {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const when = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return { message: `${what}; try again in ${when}`, seconds };
}
