// Recording attempts: the Attempt row and the delivery moved on, both or neither — and only under
// the fencing token the delivery was claimed with (lease.ts).
//
// Attempts that finish while a record statement is on its way are recorded together by the next
// one (one statement, one commit for the lot), so a busy worker writes in batches, and a few
// attempts wait up to RECORD_LINGER_MS for company. A record the database cannot take right now
// (down, frozen, restarting) is kept and retried until it lands: the request reached the
// receiver, so it must appear in the log. Meanwhile `recorderStalled()` tells workers to claim
// nothing new, which also bounds what waits here to the attempts in flight.
import { Prisma } from "../db/generated/client";
import { hot, hotQuery } from "../db/client";
import { isDatabaseUnavailable } from "../db/availability";
import { newId } from "../ids";
import { recordStatementRan } from "./telemetry";
import type { DeliveryContext } from "./context";
import type { SendOutcome } from "./http-client";
import type { NextState } from "./next-state";

export interface AttemptRecord {
  ctx: DeliveryContext;
  number: number;
  startedAt: Date;
  headers: Record<string, string>;
  outcome: SendOutcome;
  next: NextState;
}

/**
 * "recorded": the attempt and the delivery's new state landed. "late": the lease had been taken
 * over after this worker's holder looked dead, and the interrupted attempt its successor wrote
 * now carries the real outcome. "gone": the delivery no longer exists (its endpoint or tenant was
 * deleted) — nothing to record it against.
 */
export type RecordResult = "recorded" | "late" | "gone";

const MAX_BATCH = 128;
const MAX_RETRY_DELAY_MS = 5_000;

interface Pending {
  r: AttemptRecord;
  resolve: (result: RecordResult) => void;
  reject: (err: unknown) => void;
}

let pending: Pending[] = [];
let flushScheduled = false;
let flushing = false;
/** > 0 while the database is away: the wait before the next try. */
let retryDelayMs = 0;

export function recordAttempt(r: AttemptRecord): Promise<RecordResult> {
  return new Promise((resolve, reject) => {
    pending.push({ r, resolve, reject });
    scheduleFlush();
  });
}

/** The database refused the last record for being away: workers should claim nothing new. */
export function recorderStalled(): boolean {
  return retryDelayMs > 0;
}

/** Attempts sent but not yet recorded. */
export function recordsWaiting(): number {
  return pending.length + (flushing ? 1 : 0);
}

/**
 * How long a few records wait for others to share their statement and commit. At a steady rate
 * each attempt was otherwise recorded alone, and a record statement's own cost (its plan, the
 * stats trigger, the commit) is most of it: 1.16 ms of PostgreSQL per attempt at 100 messages/s,
 * against ~0.3 ms in a drain's batches. The wait delays only the attempt log, never a request; it
 * is cut short once LINGER_UNTIL records wait, and skipped for an ordered delivery, whose next in
 * line becomes due only when it is recorded.
 */
const RECORD_LINGER_MS = 20;
const LINGER_UNTIL = 16;
let lingerTimer: NodeJS.Timeout | undefined;

function scheduleFlush(): void {
  // Nothing to do while a statement is on its way (its end calls this again), or once a flush
  // is due at the next turn of the event loop.
  if (flushing || pending.length === 0 || (flushScheduled && !lingerTimer)) return;
  const mayWait = pending.length < LINGER_UNTIL && !pending.some((p) => p.r.ctx.delivery.ordered);
  if (lingerTimer) {
    if (mayWait) return;
    clearTimeout(lingerTimer);
    lingerTimer = undefined;
  }
  flushScheduled = true;
  if (mayWait) lingerTimer = setTimeout(flush, RECORD_LINGER_MS);
  // After this turn's I/O callbacks: the responses that arrived together are recorded together.
  else setImmediate(flush);
}

function flush(): void {
  flushScheduled = false;
  lingerTimer = undefined;
  // One row per delivery per statement (a delivery is attempted once at a time under its lease;
  // this keeps the statement's joins unambiguous regardless).
  const batch: Pending[] = [];
  const later: Pending[] = [];
  const ids = new Set<string>();
  for (const p of pending) {
    if (batch.length < MAX_BATCH && !ids.has(p.r.ctx.delivery.id)) {
      ids.add(p.r.ctx.delivery.id);
      batch.push(p);
    } else later.push(p);
  }
  pending = later;
  if (batch.length === 0) return;
  flushing = true;
  void recordBatch(batch).finally(() => {
    flushing = false;
    scheduleFlush();
  });
}

async function recordBatch(batch: Pending[]): Promise<void> {
  let results: Map<string, RecordResult>;
  try {
    recordStatementRan();
    results = await recordMany(batch.map((p) => p.r));
    retryDelayMs = 0;
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      // Keep them, first in line, and try again after a pause that grows while the outage lasts.
      retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, Math.max(100, retryDelayMs * 2));
      pending = [...batch, ...pending];
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      return;
    }
    // It answered (with an error of this batch's own): the outage is over, workers may claim
    // again — left set, recorderStalled() would hold every claim back for good.
    retryDelayMs = 0;
    if (batch.length === 1) return batch[0].reject(err);
    // One bad row must not sink the others: record them one by one.
    for (const p of batch) await recordBatch([p]);
    return;
  }
  for (const p of batch) p.resolve(results.get(p.r.ctx.delivery.id) ?? "gone");
}

/**
 * One statement, on a kept plan (keptPlanDb: "Plans" in db/client.ts). Under the current token:
 * move each delivery on and insert its Attempt. A delivery canceled meanwhile (its endpoint
 * disabled) stays canceled unless this attempt succeeded. Under a token taken over: fill in the
 * interrupted attempt the new holder recorded for this same attempt number.
 */
async function recordMany(batch: AttemptRecord[]): Promise<Map<string, RecordResult>> {
  const col = <T>(f: (r: AttemptRecord) => T): T[] => batch.map(f);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const rows = (await hotQuery<{ deliveryId: string; result: RecordResult }>(Prisma.sql`${hot("record")}
    WITH input AS (
      SELECT * FROM unnest(
        ${col((r) => r.ctx.delivery.id)}::text[],
        ${col((r) => r.ctx.lease.token)}::int[],
        ${col((r) => r.number)}::int[],
        ${col((r) => r.next.status)}::text[],
        ${col((r) => r.next.scheduledAttempts)}::int[],
        ${col((r) => iso(r.next.nextAttemptAt))}::timestamp[],
        ${col((r) => r.next.keepTrigger)}::boolean[],
        ${col((r) => iso(r.startedAt))}::timestamp[],
        ${col(() => newId("attempt"))}::text[],
        ${col((r) => r.ctx.delivery.tenantId)}::text[],
        ${col((r) => r.ctx.endpoint.id)}::text[],
        ${col((r) => r.ctx.delivery.nextTrigger)}::text[],
        ${col((r) => r.ctx.endpoint.url)}::text[],
        ${col((r) => JSON.stringify(r.headers))}::text[],
        ${col((r) => r.outcome.status)}::int[],
        ${col((r) => (r.outcome.headers === null ? null : JSON.stringify(r.outcome.headers)))}::text[],
        ${col((r) => r.outcome.body)}::text[],
        ${col((r) => Math.round(r.outcome.durationMs))}::int[],
        ${col((r) => r.outcome.ok)}::boolean[],
        ${col((r) => r.outcome.errorCategory)}::text[],
        ${col((r) => attemptError(r))}::text[]
      ) AS t(id, token, number, status, scheduled, next_at, keep_trigger, started_at, attempt_id, tenant_id, endpoint_id,
             trig, url, request_headers, response_status, response_headers, response_body, duration_ms, ok,
             error_category, error)
    ), moved AS (
      UPDATE "Delivery" d SET
        status = CASE WHEN d.status = 'canceled' AND NOT i.ok THEN d.status ELSE i.status::"DeliveryStatus" END,
        "nextAttemptAt" = CASE WHEN d.status = 'canceled' THEN NULL ELSE i.next_at END,
        "attemptCount" = i.number,
        "scheduledAttempts" = i.scheduled,
        "nextTrigger" = CASE WHEN i.keep_trigger THEN d."nextTrigger" ELSE 'scheduled' END,
        "oneShot" = i.keep_trigger AND d."oneShot",
        "lastAttemptAt" = i.started_at,
        "lastResponseStatus" = i.response_status,
        "lastError" = CASE WHEN i.ok THEN NULL ELSE i.error END,
        "leaseUntil" = NULL,
        "sendingSince" = NULL,
        "updatedAt" = now()
      FROM input i
      -- Not yet counted: the same record run again (its first answer was lost in an outage, but
      -- it committed) or after a dead-holder sweep counted it as interrupted must not move the
      -- delivery twice nor insert the attempt again.
      WHERE d.id = i.id AND d."leaseToken" = i.token AND d."attemptCount" < i.number
      RETURNING d.id, d."endpointId", d.ordered, d.status
    ), next_in_line AS (
      -- An ordered delivery finished: the next one of its endpoint becomes due (lease.ts).
      UPDATE "Delivery" n SET "nextAttemptAt" = now()
      FROM (
        SELECT DISTINCT ON (x."endpointId") x.id FROM "Delivery" x
        WHERE x."endpointId" IN (SELECT "endpointId" FROM moved WHERE moved.ordered AND moved.status <> 'pending')
          AND x.status = 'pending' AND x.ordered AND x."nextAttemptAt" IS NULL
        ORDER BY x."endpointId", x.id
      ) nx
      WHERE n.id = nx.id
    ), inserted AS (
      INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders",
        "responseStatus", "responseHeaders", "responseBody", "durationMs", succeeded, "errorCategory", error, "startedAt")
      SELECT i.attempt_id, i.id, i.tenant_id, i.endpoint_id, i.number, i.trig::"AttemptTrigger", i.url,
        i.request_headers::jsonb, i.response_status, i.response_headers::jsonb, i.response_body, i.duration_ms, i.ok,
        i.error_category, i.error, i.started_at
      FROM input i JOIN moved ON moved.id = i.id
      RETURNING "deliveryId"
    ), late AS (
      UPDATE "Attempt" a SET "requestHeaders" = i.request_headers::jsonb, "responseStatus" = i.response_status,
        "responseHeaders" = i.response_headers::jsonb, "responseBody" = i.response_body, "durationMs" = i.duration_ms,
        succeeded = i.ok, "errorCategory" = i.error_category, error = i.error, "startedAt" = i.started_at
      FROM input i
      WHERE a."deliveryId" = i.id AND a.number = i.number AND a."errorCategory" = 'interrupted'
        AND NOT EXISTS (SELECT 1 FROM moved WHERE moved.id = i.id)
      RETURNING a."deliveryId"
    ), repeated AS (
      -- Recorded already by an earlier run of this same record (see moved).
      SELECT i.id AS "deliveryId" FROM input i
      JOIN "Attempt" a ON a."deliveryId" = i.id AND a.number = i.number AND a."errorCategory" IS DISTINCT FROM 'interrupted'
      WHERE NOT EXISTS (SELECT 1 FROM moved WHERE moved.id = i.id)
    )
    SELECT "deliveryId", 'recorded' AS result FROM inserted
    UNION ALL SELECT "deliveryId", 'late' AS result FROM late
    UNION ALL SELECT "deliveryId", 'recorded' AS result FROM repeated`, "keptPlan")).rows;
  return new Map(rows.map((r) => [r.deliveryId, r.result]));
}

/** The attempt's error as logged: the outcome's, plus why the next attempt waits longer. */
function attemptError(r: AttemptRecord): string | null {
  if (!r.outcome.error) return null;
  return r.next.note ? `${r.outcome.error}; ${r.next.note}` : r.outcome.error;
}
