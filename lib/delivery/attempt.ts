// One delivery attempt, the same for every executor: sign and send the message, record the
// Attempt, move the Delivery along its retry schedule, and update the endpoint's health.
//
// Exactly-once recording: executors claim a delivery (a lease) before calling performAttempt, and
// the record step only lands if the delivery's attemptCount is still what this attempt saw —
// so two executors racing on one delivery can never both record the same attempt.
import { Prisma } from "../db/generated/client";
import { db } from "../db/client";
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

/** Runs the attempt for a delivery this process has claimed. */
export async function performAttempt(ctx: DeliveryContext): Promise<AttemptResult> {
  const { delivery, endpoint, message } = ctx;
  if (endpoint.disabled) {
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

/** One statement: move the delivery on (only if nobody recorded this attempt number yet) and
 * insert the Attempt row — both or neither. */
async function recordAttempt({ delivery, endpoint }: DeliveryContext, r: AttemptRecord): Promise<boolean> {
  const { outcome, next } = r;
  const lastError = outcome.ok ? null : outcome.error;
  const inserted = await db().$executeRaw`
    WITH moved AS (
      UPDATE "Delivery" SET
        status = ${next.status}::"DeliveryStatus",
        "attemptCount" = ${r.number},
        "scheduledAttempts" = ${next.scheduledAttempts},
        "nextAttemptAt" = ${next.nextAttemptAt}::timestamp,
        "nextTrigger" = 'scheduled',
        "oneShot" = false,
        "lastAttemptAt" = ${r.startedAt}::timestamp,
        "lastResponseStatus" = ${outcome.status},
        "lastError" = ${lastError},
        "leaseUntil" = NULL,
        "updatedAt" = now()
      WHERE id = ${delivery.id} AND "attemptCount" = ${delivery.attemptCount}
      RETURNING id
    )
    INSERT INTO "Attempt" (id, "deliveryId", "tenantId", "endpointId", number, trigger, url, "requestHeaders",
      "responseStatus", "responseHeaders", "responseBody", "durationMs", succeeded, "errorCategory", error, "startedAt")
    SELECT ${newId("attempt")}, moved.id, ${delivery.tenantId}, ${endpoint.id}, ${r.number},
      ${delivery.nextTrigger}::"AttemptTrigger", ${endpoint.url}, ${JSON.stringify(r.headers)}::jsonb,
      ${outcome.status}, ${outcome.headers === null ? null : JSON.stringify(outcome.headers)}::jsonb,
      ${outcome.body}, ${Math.round(outcome.durationMs)}, ${outcome.ok}, ${outcome.errorCategory}, ${outcome.error},
      ${r.startedAt}::timestamp
    FROM moved`;
  return inserted === 1;
}

