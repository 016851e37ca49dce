// Claims and leases: the one place that says when a delivery may be claimed, what a claim writes,
// how a lease is renewed and handed back, and what happens to an attempt whose sender died.
//
// A claim takes the delivery's lease: `leaseUntil` (renewed by the holder while its request is in
// flight, so a lease never runs out under a live request), a new fencing token (`leaseToken`,
// bumped by every claim: a record lands only under the token it was claimed with), and the
// write-ahead mark `sendingSince` (set when the holder is about to send). A mark found on an
// expired lease means its holder died mid-request: the request may have reached the receiver, so
// it is recorded as an `interrupted` attempt before anyone claims the delivery again — every
// request sent appears in the log.
import { randomUUID } from "node:crypto";
import { Prisma } from "../db/generated/client";
import { db, hot, hotQuery } from "../db/client";
import { newId } from "../ids";
import { deliveryPolicy } from "./policy";
import { leasesExpired } from "./telemetry";

/** A claim held by this process: the delivery and the fencing token it was claimed with. */
export interface Lease {
  id: string;
  token: number;
}

/** A delivery row (`alias`) no live lease holds and no attempt of a dead holder is marked on. */
export function notHeld(alias: string): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`(${a}"leaseUntil" IS NULL OR ${a}"leaseUntil" < now()) AND ${a}"sendingSince" IS NULL`;
}

/** A delivery row (`alias`) under a live lease. */
export function heldNow(alias: string): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`(${a}"leaseUntil" IS NOT NULL AND ${a}"leaseUntil" >= now())`;
}

/** Marked by a holder whose lease ran out: it died mid-request (see reclaimInterrupted). */
export function interruptedMark(alias: string): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`(${a}"sendingSince" IS NOT NULL AND ${a}"leaseUntil" < now())`;
}

/**
 * An ordered delivery (`alias`) is next in line only when no earlier ordered delivery of its
 * endpoint is pending (in flight, due or waiting for a retry): one at a time, in publish order.
 * The ones behind are kept not due (nextAttemptAt null) so scans pass over them; the next in line
 * is made due when the one before finishes (record.ts), or by promoteNextInLine.
 */
export function nextInLine(alias: string): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`(NOT ${a}ordered OR NOT EXISTS (
    SELECT 1 FROM "Delivery" earlier
    WHERE earlier."endpointId" = ${a}"endpointId" AND earlier.status = 'pending' AND earlier.ordered AND earlier.id < ${a}id))`;
}

/**
 * The condition for a delivery row (`alias`) to be claimable now: pending, due (unless `due` is
 * false: a claim that runs a delivery ahead of its schedule), not held, not carrying the mark of
 * a holder that died mid-request, and — if ordered — next in line.
 */
export function claimable(alias: string, { due = true } = {}): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`${a}status = 'pending' ${due ? Prisma.sql`AND ${a}"nextAttemptAt" <= now()` : Prisma.empty} AND ${notHeld(alias)} AND ${nextInLine(alias)}`;
}

/**
 * claimable() (due), written so that no index can serve it: the recheck of rows a claim has
 * already found by id (lockAndLease). Written plainly, a claim's kept plan (generic, made while
 * the table held few due rows) intersected the id lookup with a scan of every due row's index
 * entries (a BitmapAnd with the due index or the pending index): each claim read the whole due
 * backlog, 9,584 and 23,125 index entries to lock 32 rows in a bench drain.
 * Without bitmap scans (KEPT_PLAN_SETTINGS) the same plan walks that index instead and filters
 * by id (3,000 of 3,000 in kept-plans.test.ts). `status::text` and `+ interval '0 s'` are
 * expressions no index is built on, so the id is the only way in; the condition is the same.
 */
export function stillClaimable(alias: string): Prisma.Sql {
  const a = Prisma.raw(`${alias}.`);
  return Prisma.sql`${a}status::text = 'pending' AND ${a}"nextAttemptAt" + interval '0 s' <= now() AND ${notHeld(alias)} AND ${nextInLine(alias)}`;
}

/** `leaseUntil = now() + the lease` as a SQL expression. */
export function leaseExpiry(): Prisma.Sql {
  return Prisma.sql`now() + make_interval(secs => ${deliveryPolicy().leaseMs / 1000})`;
}

/** A new id for a claim statement (leaseHolder): see releaseLostClaims. */
export const newClaimId = (): string => randomUUID();

/**
 * The CTEs `picked` and `d` of a claim: lock up to `maxRows` of the `chosen` rows (a query of ids)
 * that are still claimable — SKIP LOCKED passes over rows another process is claiming, and the
 * condition is checked again on the locked row — and lease them with a new token under the
 * statement's `claimId`. The claim is also the write-ahead mark: the claimer sends at once. `d` is
 * the claimed rows. `maxRows` is written into the statement as a constant (see "Plans" in
 * db/client.ts).
 */
export function lockAndLease(chosen: Prisma.Sql, maxRows: number, claimId: string): Prisma.Sql {
  return Prisma.sql`picked AS (
      SELECT x.id FROM "Delivery" x
      WHERE x.id = ANY (ARRAY(${chosen})) AND ${stillClaimable("x")}
      ORDER BY x."nextAttemptAt"
      LIMIT ${Prisma.raw(String(Math.trunc(maxRows)))}
      FOR UPDATE SKIP LOCKED
    ), d AS (
      UPDATE "Delivery" u SET "leaseUntil" = ${leaseExpiry()}, "leaseToken" = u."leaseToken" + 1,
        "leaseHolder" = ${claimId}, "sendingSince" = now()
      FROM picked WHERE u.id = picked.id
      RETURNING u.*
    )`;
}

/**
 * Claims one delivery and marks it as being sent (executors that schedule deliveries one by one,
 * like Inngest); with `onlyIfDue`, only once its nextAttemptAt has come. An interrupted attempt
 * left on it by a dead holder is recorded first. Returns the lease, or null when it is not
 * claimable (not pending, not due, held elsewhere).
 */
export async function claimOne(deliveryId: string, { onlyIfDue = false } = {}): Promise<Lease | null> {
  await reclaimInterrupted({ ids: [deliveryId] });
  const claimId = newClaimId();
  try {
    const rows = await db().$queryRaw<{ token: number }[]>`
      UPDATE "Delivery" d SET "leaseUntil" = ${leaseExpiry()}, "leaseToken" = d."leaseToken" + 1,
        "leaseHolder" = ${claimId}, "sendingSince" = now()
      WHERE d.id = ${deliveryId} AND ${claimable("d", { due: onlyIfDue })}
      RETURNING d."leaseToken" AS token`;
    return rows[0] ? { id: deliveryId, token: rows[0].token } : null;
  } catch (err) {
    await releaseLostClaims([claimId]).catch(() => {}); // best effort; else it expires and is reclaimed
    throw err;
  }
}

/**
 * Hands back what claim statements took when their answers never arrived (the database went
 * away mid-statement; it may have committed). Their claimer never saw those rows, so it sent
 * none of them: they are simply claimable again — not interrupted attempts.
 */
export async function releaseLostClaims(claimIds: string[]): Promise<void> {
  if (claimIds.length === 0) return;
  await db().$executeRaw`
    UPDATE "Delivery" SET "leaseUntil" = NULL, "sendingSince" = NULL
    WHERE "leaseHolder" = ANY (${claimIds}::text[]) AND "sendingSince" IS NOT NULL`;
}

/** What a renewal found for each lease: extended; finished under our own token (recorded or
 * handed back while the renewal was on its way: not lost); or taken over (or the delivery gone). */
export type RenewalState = "renewed" | "finished" | "lost";

/** Extends the leases of attempts this process still has in flight. */
export async function renewLeaseStates(leases: Lease[]): Promise<Map<string, RenewalState>> {
  if (leases.length === 0) return new Map();
  // Only a lease still in place: a record (or a hand-back) that landed while this renewal was on
  // its way cleared it under the same token, and must stay cleared — a lease left on a finished
  // delivery would make a retry of it wait for the lease, or answer 409 attempt_in_progress.
  const rows = (await hotQuery<{ id: string; state: RenewalState }>(Prisma.sql`${hot("renew-leases")}
    WITH l AS (
      SELECT * FROM unnest(${leases.map((x) => x.id)}::text[], ${leases.map((x) => x.token)}::int[]) AS l(id, token)
    ), renewed AS (
      UPDATE "Delivery" d SET "leaseUntil" = ${leaseExpiry()}
      FROM l
      WHERE d.id = l.id AND d."leaseToken" = l.token AND d."leaseUntil" IS NOT NULL AND d."sendingSince" IS NOT NULL
      RETURNING d.id
    )
    SELECT l.id, CASE
        WHEN l.id IN (SELECT id FROM renewed) THEN 'renewed'
        WHEN EXISTS (SELECT 1 FROM "Delivery" x WHERE x.id = l.id AND x."leaseToken" = l.token) THEN 'finished'
        ELSE 'lost' END AS state
    FROM l`)).rows;
  return new Map(rows.map((r) => [r.id, r.state]));
}

/** The leases of `leases` no longer held (not renewed, whatever the reason). */
export async function renewLeases(leases: Lease[]): Promise<Lease[]> {
  const states = await renewLeaseStates(leases);
  return leases.filter((l) => states.get(l.id) !== "renewed");
}

/** Hands claims back unsent (e.g. over an endpoint's rate limit, or at shutdown), optionally
 * due again only at `retryAt`. Only under their own token: a lease taken over is not ours. */
export async function releaseClaims(leases: Lease[], retryAt?: Date): Promise<void> {
  if (leases.length === 0) return;
  await hotQuery(Prisma.sql`${hot("release-claims")}
    UPDATE "Delivery" d SET "leaseUntil" = NULL, "sendingSince" = NULL,
      "nextAttemptAt" = COALESCE(${retryAt ?? null}::timestamp, d."nextAttemptAt")
    FROM unnest(${leases.map((l) => l.id)}::text[], ${leases.map((l) => l.token)}::int[]) AS l(id, token)
    WHERE d.id = l.id AND d."leaseToken" = l.token`);
}

/** The error of an attempt whose sender stopped before it could record the outcome. */
export const INTERRUPTED_ERROR =
  "The worker stopped while this request was in flight (crash or kill), so its outcome is unknown; the receiver may have got it";

/**
 * Where the sweep for dead holders' attempts looks (sweepForInterrupted). No index covers the
 * lease columns: one would make every claim and lease renewal a non-HOT update, rewriting every
 * index of Delivery (measured: 3× the WAL and time of a claim). So the sweep walks the due rows
 * (the pending index in nextAttemptAt order: a delivery in flight is pending and was due when it
 * was claimed; a retry run ahead of its schedule becomes due later, and is found then), or the
 * canceled ones (their endpoint was disabled mid-request), a chunk at a time.
 */
export type SweepScope = "due" | "canceled";

/** Where a sweep goes on from: the last row its previous round looked at, in the order it walks
 * (nextAttemptAt, id for "due"; id for "canceled"). null: from the start. */
export type SweepCursor = { at: Date | null; id: string } | null;

/** How many rows one round of a sweep reads after where the last one left off, and (due rows
 * only) how many of the oldest it reads again each time. A round that read every due row cost
 * 15 ms behind 20,000 of them and 86 ms behind 200,000 (0.43 µs a row, more on a busy host),
 * every 5 s in every worker: ~0.4 s a round behind a million. */
export const SWEEP_CHUNK = 2_000;
export const SWEEP_FRONT = 1_000;

/** The statement of one sweep round (exported for interrupted-sweep.test.ts): how many rows it
 * read after `from`, the last of them, and the ids that carry a dead holder's mark among those
 * and among the `front` oldest. */
export function sweepStatement(scope: SweepScope, from: SweepCursor, chunk = SWEEP_CHUNK, front = SWEEP_FRONT): Prisma.Sql {
  const rows = (after: SweepCursor, limit: number) =>
    scope === "due"
      ? Prisma.sql`SELECT d.id, d."nextAttemptAt" AS at, ${interruptedMark("d")} AS stale FROM "Delivery" d
          WHERE d.status = 'pending' AND d."nextAttemptAt" <= now()
            ${after ? Prisma.sql`AND (d."nextAttemptAt", d.id) > (${after.at?.toISOString() ?? null}::timestamp, ${after.id})` : Prisma.empty}
          ORDER BY d."nextAttemptAt", d.id LIMIT ${Prisma.raw(String(Math.trunc(limit)))}`
      : Prisma.sql`SELECT d.id, NULL::timestamp AS at, ${interruptedMark("d")} AS stale FROM "Delivery" d
          WHERE d.status = 'canceled' ${after ? Prisma.sql`AND d.id > ${after.id}` : Prisma.empty}
          ORDER BY d.id LIMIT ${Prisma.raw(String(Math.trunc(limit)))}`;
  // The oldest again only when the chunk does not start there itself.
  const oldest = scope === "due" && from ? rows(null, front) : Prisma.sql`SELECT NULL::text AS id, NULL::timestamp AS at, false AS stale WHERE false`;
  return Prisma.sql`${hot(`sweep-${scope}`)}
    WITH chunk AS MATERIALIZED (${rows(from, chunk)}), oldest AS MATERIALIZED (${oldest}), last AS (
      SELECT id, at FROM chunk ORDER BY at DESC NULLS LAST, id DESC LIMIT 1
    )
    SELECT (SELECT count(*)::int FROM chunk) AS seen, last.id AS "lastId", last.at AS "lastAt",
      ARRAY(SELECT id FROM chunk WHERE stale UNION SELECT id FROM oldest WHERE stale) AS stale
    FROM (SELECT 1) one LEFT JOIN last ON true`;
}

/**
 * One round of the sweep for the attempts of holders that died mid-request (see SweepScope):
 * reads the next `chunk` rows after `from` and, among the due rows, the `front` oldest; records
 * the interrupted ones (reclaimInterrupted); and says where the next round goes on — null once
 * it has come to the end, so the next round starts again from the oldest. A dead holder's
 * attempts are usually among the oldest due rows, found by the next round: what it had claimed
 * was the oldest due of its endpoints, and live workers claim the rows around a mark, so it is
 * soon among the oldest. Behind n due rows that no one claims (a rate-limited endpoint's
 * backlog), they are found within n / chunk rounds.
 */
export async function sweepForInterrupted(scope: SweepScope, from: SweepCursor, chunk = SWEEP_CHUNK, front = SWEEP_FRONT): Promise<{ reclaimed: number; next: SweepCursor }> {
  const [round] = (await hotQuery<{ seen: number; lastId: string | null; lastAt: Date | null; stale: string[] }>(sweepStatement(scope, from, chunk, front))).rows;
  const reclaimed = round.stale.length > 0 ? await reclaimInterrupted({ ids: round.stale }, round.stale.length) : 0;
  const next = round.seen < chunk || round.lastId === null ? null : { at: round.lastAt, id: round.lastId };
  return { reclaimed, next };
}

/**
 * Records the attempts of holders that died mid-request among the deliveries `ids`: those with a
 * write-ahead mark and an expired lease get an `interrupted` attempt (the request may have reached
 * the receiver) and become claimable again, due at once and with their retry schedule where it
 * was. Returns how many were recorded.
 */
export async function reclaimInterrupted({ ids }: { ids: string[] }, limit = 100): Promise<number> {
  return db().$transaction(async (tx) => {
    const stale = await tx.$queryRaw<{ id: string; attempt: number }[]>`${hot("find-interrupted")}
      SELECT d.id, d."attemptCount" + 1 AS attempt FROM "Delivery" d
      WHERE d.id = ANY (${ids}::text[]) AND ${interruptedMark("d")}
      ORDER BY d."leaseUntil" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    if (stale.length === 0) return 0;
    await tx.$executeRaw`
      WITH input AS (
        SELECT * FROM unnest(${stale.map((s) => s.id)}::text[], ${stale.map(() => newId("attempt"))}::text[]) AS t(id, attempt_id)
      ), moved AS (
        UPDATE "Delivery" d SET "attemptCount" = d."attemptCount" + 1, "sendingSince" = NULL, "leaseUntil" = NULL,
          "nextAttemptAt" = CASE WHEN d.status = 'pending' THEN now() ELSE d."nextAttemptAt" END,
          "lastAttemptAt" = d."sendingSince", "lastResponseStatus" = NULL, "lastError" = ${INTERRUPTED_ERROR}, "updatedAt" = now()
        FROM input i WHERE d.id = i.id
        RETURNING d.id, d."tenantId", d."endpointId", d."attemptCount", d."nextTrigger", d."lastAttemptAt"
      )
      INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders",
        "durationMs", succeeded, "errorCategory", error, "startedAt")
      SELECT i.attempt_id, m.id, m."tenantId", m."endpointId", m."attemptCount", m."nextTrigger", e.url, '{}'::jsonb,
        0, false, 'interrupted', ${INTERRUPTED_ERROR}, m."lastAttemptAt"
      FROM moved m JOIN input i ON i.id = m.id JOIN "Endpoint" e ON e.id = m."endpointId"`;
    return stale.length;
  }).then(leasesExpired);
}

/** Makes the first waiting ordered delivery of each endpoint due, where nothing earlier is pending:
 * what a record does when it finishes one, done again for those a race left waiting (a publish
 * that committed just after the delivery before it finished). */
export async function promoteNextInLine(): Promise<number> {
  return (await hotQuery(Prisma.sql`${hot("promote-in-line")}
    WITH heads AS (
      SELECT DISTINCT ON ("endpointId") id, "nextAttemptAt" FROM "Delivery"
      WHERE status = 'pending' AND ordered
      ORDER BY "endpointId", id
    )
    UPDATE "Delivery" d SET "nextAttemptAt" = now()
    FROM heads h WHERE d.id = h.id AND h."nextAttemptAt" IS NULL AND d.status = 'pending'`)).rowCount;
}
