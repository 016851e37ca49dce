// One delivery attempt, the same for every executor: sign and send the message, record the
// Attempt, move the Delivery along its retry schedule, and update the endpoint's health.
//
// Exactly-once recording: executors claim a delivery (a lease) before calling performAttempt, and
// the record step only lands if the delivery's attemptCount is still what this attempt saw —
// so two executors racing on one delivery can never both record the same attempt.
import { Prisma } from "../db/generated/client";
import { db, hot } from "../db/client";
import { env } from "../env";
import { newId } from "../ids";
import { type DeliveryContext, loadDeliveryContexts } from "./context";
import { sendWebhook, type SendOutcome } from "./http-client";
import { nextDeliveryState } from "./next-state";
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, deliveryPolicy } from "./policy";
import { buildWebhookBody, buildWebhookHeaders } from "./signing";
import { recordEndpointHealth } from "./endpoint-health";

export interface AttemptResult {
  deliveryId: string;
  /** "recorded": the attempt ran and was stored; "skipped": nothing to do now (not pending, not
   * yet due, or another executor holds it — status/nextAttemptAt say which); "canceled": the
   * endpoint is disabled. */
  outcome: "recorded" | "skipped" | "canceled";
  succeeded?: boolean;
  status?: "pending" | "succeeded" | "failed" | "canceled";
  nextAttemptAt?: Date | null;
  attemptNumber?: number;
}

/** Claims one delivery (for executors that schedule deliveries one by one, like Inngest);
 * with `onlyIfDue`, only once its nextAttemptAt has come. */
export async function claimDelivery(deliveryId: string, { onlyIfDue = false } = {}): Promise<boolean> {
  const leaseSeconds = deliveryPolicy().leaseMs / 1000;
  const due = onlyIfDue ? Prisma.sql`AND "nextAttemptAt" <= now()` : Prisma.empty;
  const claimed = await db().$executeRaw`
    UPDATE "Delivery" SET "leaseUntil" = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${deliveryId} AND status = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()) ${due}`;
  return claimed === 1;
}

/**
 * Claims, loads and attempts one delivery. Without `onlyIfDue` it runs now whatever its
 * nextAttemptAt; with it, a delivery not yet due (or held by another executor) is left alone and
 * the result says when it is next due, so a caller can sleep until then.
 */
export async function attemptDelivery(deliveryId: string, options: { onlyIfDue?: boolean } = {}): Promise<AttemptResult> {
  if (!(await claimDelivery(deliveryId, options))) {
    const current = await db().delivery.findUnique({ where: { id: deliveryId }, select: { status: true, nextAttemptAt: true } });
    return { deliveryId, outcome: "skipped", status: current?.status, nextAttemptAt: current?.nextAttemptAt ?? null };
  }
  const context = (await loadDeliveryContexts([deliveryId])).get(deliveryId);
  if (!context) return { deliveryId, outcome: "skipped" };
  return performAttempt(context);
}

/** Runs the attempt for a delivery this process has claimed. `onSent` is called as soon as the
 * HTTP exchange is over (before the bookkeeping): the receiver is no longer busy with it. */
export async function performAttempt(ctx: DeliveryContext, onSent?: () => void): Promise<AttemptResult> {
  const { delivery, endpoint, message } = ctx;
  if (endpoint.disabled) {
    onSent?.();
    await db().delivery.updateMany({
      where: { id: delivery.id, status: "pending" },
      data: { status: "canceled", nextAttemptAt: null, leaseUntil: null, lastError: "Endpoint disabled" },
    });
    return { deliveryId: delivery.id, outcome: "canceled", status: "canceled" };
  }

  const startedAt = new Date();
  const body = buildWebhookBody({ eventType: message.eventType, createdAt: message.createdAt, payload: message.payload });
  const headers = buildWebhookHeaders({
    msgId: message.id,
    timestamp: startedAt,
    body,
    secrets: ctx.secrets,
    customHeaders: endpoint.headers as Record<string, string>,
  });
  const outcome = await sendWebhook({
    url: endpoint.url,
    headers,
    body,
    timeoutMs: Math.min(endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
    allowPrivate: env().allowPrivateUrls,
  });
  onSent?.();

  const policy = deliveryPolicy();
  const next = nextDeliveryState({
    succeeded: outcome.ok,
    trigger: delivery.nextTrigger,
    oneShot: delivery.oneShot,
    scheduledAttempts: delivery.scheduledAttempts,
    schedule: policy.schedule,
    now: new Date(),
  });
  const number = delivery.attemptCount + 1;
  const recorded = await recordAttempt(ctx, { number, startedAt, headers, outcome, next });
  if (!recorded) return { deliveryId: delivery.id, outcome: "skipped" };
  await recordEndpointHealth(endpoint, outcome.ok, startedAt, policy.disableAfterMs);
  return {
    deliveryId: delivery.id,
    outcome: "recorded",
    succeeded: outcome.ok,
    status: next.status,
    nextAttemptAt: next.nextAttemptAt,
    attemptNumber: number,
  };
}

interface AttemptRecord {
  number: number;
  startedAt: Date;
  headers: Record<string, string>;
  outcome: SendOutcome;
  next: ReturnType<typeof nextDeliveryState>;
}

// Recording. Attempts that finish while a record statement is on its way are recorded together
// by the next one — one statement and one commit (WAL flush) for the lot — so a busy process
// writes in batches and an idle one still records each attempt at once.
const MAX_BATCH = 128;

interface PendingRecord {
  ctx: DeliveryContext;
  r: AttemptRecord;
  resolve: (recorded: boolean) => void;
  reject: (err: unknown) => void;
}

let pending: PendingRecord[] = [];
let flushScheduled = false;
let flushing = false;

function recordAttempt(ctx: DeliveryContext, r: AttemptRecord): Promise<boolean> {
  return new Promise((resolve, reject) => {
    pending.push({ ctx, r, resolve, reject });
    scheduleFlush();
  });
}

function scheduleFlush(): void {
  if (flushScheduled || flushing || pending.length === 0) return;
  flushScheduled = true;
  // After this turn's I/O callbacks: the responses that arrived together are recorded together.
  setImmediate(flush);
}

function flush(): void {
  flushScheduled = false;
  // One row per delivery per statement (a delivery is only ever attempted once at a time under
  // its lease; this keeps the statement's join unambiguous regardless).
  const batch: PendingRecord[] = [];
  const later: PendingRecord[] = [];
  const ids = new Set<string>();
  for (const p of pending) {
    if (batch.length < MAX_BATCH && !ids.has(p.ctx.delivery.id)) {
      ids.add(p.ctx.delivery.id);
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

async function recordBatch(batch: PendingRecord[]): Promise<void> {
  let recorded: Set<string>;
  try {
    recorded = await recordMany(batch);
  } catch (err) {
    if (batch.length === 1) return batch[0].reject(err);
    // One bad row must not sink the others: record them one by one.
    await Promise.all(batch.map((p) => recordBatch([p])));
    return;
  }
  for (const p of batch) p.resolve(recorded.has(p.ctx.delivery.id));
}

/**
 * One statement: move each delivery on (only if nobody recorded this attempt number yet) and
 * insert its Attempt row — both or neither, per delivery. Returns the deliveries recorded.
 */
async function recordMany(batch: PendingRecord[]): Promise<Set<string>> {
  const col = <T>(f: (p: PendingRecord) => T): T[] => batch.map(f);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const rows = await db().$queryRaw<{ deliveryId: string }[]>`${hot("record")}
    WITH input AS (
      SELECT * FROM unnest(
        ${col((p) => p.ctx.delivery.id)}::text[],
        ${col((p) => p.ctx.delivery.attemptCount)}::int[],
        ${col((p) => p.r.number)}::int[],
        ${col((p) => p.r.next.status)}::text[],
        ${col((p) => p.r.next.scheduledAttempts)}::int[],
        ${col((p) => iso(p.r.next.nextAttemptAt))}::timestamp[],
        ${col((p) => iso(p.r.startedAt))}::timestamp[],
        ${col(() => newId("attempt"))}::text[],
        ${col((p) => p.ctx.delivery.tenantId)}::text[],
        ${col((p) => p.ctx.endpoint.id)}::text[],
        ${col((p) => p.ctx.delivery.nextTrigger)}::text[],
        ${col((p) => p.ctx.endpoint.url)}::text[],
        ${col((p) => JSON.stringify(p.r.headers))}::text[],
        ${col((p) => p.r.outcome.status)}::int[],
        ${col((p) => (p.r.outcome.headers === null ? null : JSON.stringify(p.r.outcome.headers)))}::text[],
        ${col((p) => p.r.outcome.body)}::text[],
        ${col((p) => Math.round(p.r.outcome.durationMs))}::int[],
        ${col((p) => p.r.outcome.ok)}::boolean[],
        ${col((p) => p.r.outcome.errorCategory)}::text[],
        ${col((p) => p.r.outcome.error)}::text[]
      ) AS t(id, seen, number, status, scheduled, next_at, started_at, attempt_id, tenant_id, endpoint_id,
             trig, url, request_headers, response_status, response_headers, response_body, duration_ms, ok,
             error_category, error)
    ), moved AS (
      UPDATE "Delivery" d SET
        status = i.status::"DeliveryStatus",
        "attemptCount" = i.number,
        "scheduledAttempts" = i.scheduled,
        "nextAttemptAt" = i.next_at,
        "nextTrigger" = 'scheduled',
        "oneShot" = false,
        "lastAttemptAt" = i.started_at,
        "lastResponseStatus" = i.response_status,
        "lastError" = CASE WHEN i.ok THEN NULL ELSE i.error END,
        "leaseUntil" = NULL,
        "updatedAt" = now()
      FROM input i
      WHERE d.id = i.id AND d."attemptCount" = i.seen
      RETURNING d.id
    )
    INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders",
      "responseStatus", "responseHeaders", "responseBody", "durationMs", succeeded, "errorCategory", error, "startedAt")
    SELECT i.attempt_id, i.id, i.tenant_id, i.endpoint_id, i.number, i.trig::"AttemptTrigger", i.url,
      i.request_headers::jsonb, i.response_status, i.response_headers::jsonb, i.response_body, i.duration_ms, i.ok,
      i.error_category, i.error, i.started_at
    FROM input i JOIN moved ON moved.id = i.id
    RETURNING "deliveryId"`;
  return new Set(rows.map((r) => r.deliveryId));
}
