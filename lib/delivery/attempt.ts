// One delivery attempt, the same for every executor: sign and send the message under the
// delivery's lease, record the Attempt, move the Delivery along its retry schedule, and update
// the endpoint's health. Claims and leases: lease.ts; recording: record.ts.
import { db } from "../db/client";
import { env } from "../env";
import { loadClaimedContexts, type DeliveryContext } from "./context";
import { disableEndpoint, recordEndpointHealth } from "./endpoint-health";
import { assertDeliveryListenersSet, emitDeliveryEvent } from "./events";
import { holdLease } from "./held-leases";
import { sendWebhook, type SendOutcome } from "./http-client";
import { claimOne, releaseClaims, type Lease } from "./lease";
import { nextDeliveryState } from "./next-state";
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, deliveryPolicy } from "./policy";
import { recordAttempt } from "./record";
import { receiverDirective } from "./receiver-directives";
import { retryAfterMs } from "./retry-after";
import { readIsFresh } from "./send-fence";
import { buildWebhookBody, buildWebhookHeaders } from "./signing";
import { errorFields, logger } from "../observability/log";
import { attemptRecorded, traceAttempt } from "./telemetry";
import { deliverToOwnInbox } from "./own-inbox";

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

/**
 * Claims, loads and attempts one delivery (executors that schedule deliveries one by one, like
 * Inngest). Without `onlyIfDue` it runs now whatever its nextAttemptAt; with it, a delivery not yet
 * due (or held by another executor) is left alone and the result says when it is next due, so a
 * caller can sleep until then.
 */
export async function attemptDelivery(deliveryId: string, options: { onlyIfDue?: boolean } = {}): Promise<AttemptResult> {
  assertDeliveryListenersSet();
  const lease = await claimOne(deliveryId, options);
  const ctx = lease ? (await loadClaimedContexts([lease])).get(deliveryId) : undefined;
  if (!ctx) {
    const current = await db().delivery.findUnique({ where: { id: deliveryId }, select: { status: true, nextAttemptAt: true } });
    return { deliveryId, outcome: "skipped", status: current?.status, nextAttemptAt: current?.nextAttemptAt ?? null };
  }
  try {
    return await performAttempt(ctx);
  } catch (err) {
    if (err instanceof NotSent) await releaseClaims([err.lease]).catch(() => {}); // else its lease runs out
    throw err;
  }
}

/**
 * The attempt stopped before its request was sent (the database went away while what to send was
 * read again): its claim must be handed back. Left to expire, its write-ahead mark would be
 * recorded as an `interrupted` attempt — a request that never left.
 */
export class NotSent extends Error {
  constructor(
    readonly lease: Lease,
    cause: unknown,
  ) {
    super(`delivery ${lease.id} not sent: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

export interface PerformOptions {
  /** Called as soon as the HTTP exchange is over (before the bookkeeping): the receiver is no
   * longer busy with it. Also called when nothing is sent. */
  onSent?: () => void;
  /** Aborting it cuts the request short (the worker is shutting down): recorded as interrupted. */
  interrupt?: AbortSignal;
  /** Send over a connection pool of the endpoint's own with this many connections. */
  endpointConnections?: number;
}

/** Runs the attempt of a delivery this process has claimed (and marked as sending). */
export async function performAttempt(claimed: DeliveryContext, options: PerformOptions = {}): Promise<AttemptResult> {
  const release = holdLease(claimed.lease);
  try {
    // The send fence (send-fence.ts): what was read with the claim may be sent on only briefly.
    let ctx: DeliveryContext | undefined;
    try {
      ctx = readIsFresh(claimed.readAt) ? claimed : (await loadClaimedContexts([claimed.lease])).get(claimed.delivery.id);
      if (!ctx) {
        options.onSent?.(); // taken over, or deleted with its endpoint or tenant: not ours to send
        return { deliveryId: claimed.delivery.id, outcome: "skipped" };
      }
      if (ctx.endpoint.disabled) {
        options.onSent?.();
        return await cancelForDisabledEndpoint(ctx);
      }
    } catch (err) {
      throw new NotSent(claimed.lease, err);
    }
    return await traceAttempt(ctx, () => sendAndRecord(ctx, options));
  } finally {
    release();
  }
}

async function sendAndRecord(ctx: DeliveryContext, options: PerformOptions): Promise<AttemptResult> {
  const { delivery, endpoint, message } = ctx;
  const startedAt = new Date();
  const body = buildWebhookBody(message);
  const headers = buildWebhookHeaders({
    msgId: message.id,
    timestamp: startedAt,
    body,
    secrets: ctx.secrets,
    customHeaders: endpoint.headers as Record<string, string>,
  });
  // The tenant's own test inbox is recorded in-process (own-inbox.ts); the rest is HTTP.
  const toInbox = await deliverToOwnInbox({ tenantId: endpoint.tenantId, url: endpoint.url, headers, body });
  const outcome = toInbox ?? await sendWebhook({
    url: endpoint.url,
    headers,
    body,
    timeoutMs: Math.min(endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
    allowPrivate: env().allowPrivateUrls,
    interrupt: options.interrupt,
    pool: options.endpointConnections ? { key: endpoint.id, connections: options.endpointConnections } : undefined,
  });
  options.onSent?.();

  const policy = deliveryPolicy();
  const directive = receiverDirective(outcome, startedAt);
  const next = nextDeliveryState({
    succeeded: outcome.ok,
    trigger: delivery.nextTrigger,
    oneShot: delivery.oneShot,
    scheduledAttempts: delivery.scheduledAttempts,
    schedule: policy.schedule,
    now: new Date(),
    interrupted: outcome.errorCategory === "interrupted",
    retryAfterMs: retryAfterMs(outcome.status, outcome.headers),
    stopRetrying: directive.stop,
  });
  const number = delivery.attemptCount + 1;
  const recorded = await recordAttempt({ ctx, number, startedAt, headers, outcome, next });
  attemptRecorded({ ctx, number, outcome, next, recorded });
  if (recorded !== "recorded") return { deliveryId: delivery.id, outcome: "skipped" };
  const health = directive.disable
    ? disableEndpoint(endpoint, directive.disable, "gone")
    : outcome.errorCategory !== "interrupted"
      ? recordEndpointHealth(endpoint, outcome.ok, startedAt, policy.disableAfterMs, outcome.error)
      : undefined;
  await health?.catch((err: Error) => logger().error({ endpointId: endpoint.id, ...errorFields(err) }, "endpoint health not updated"));
  await announceOutcome(ctx, outcome, next.status, number);
  return {
    deliveryId: delivery.id,
    outcome: "recorded",
    succeeded: outcome.ok,
    status: next.status,
    nextAttemptAt: next.nextAttemptAt,
    attemptNumber: number,
  };
}

/** Events about a delivery (events.ts): it gave up (its last scheduled attempt failed), or it
 * succeeded after failed attempts. */
async function announceOutcome(ctx: DeliveryContext, outcome: SendOutcome, status: string, attempts: number): Promise<void> {
  const { delivery, endpoint } = ctx;
  const ref = { tenantId: delivery.tenantId, endpointId: endpoint.id, url: endpoint.url, messageId: delivery.messageId, deliveryId: delivery.id, eventType: delivery.eventType, attempts };
  if (!outcome.ok && status === "failed" && !delivery.oneShot) {
    await emitDeliveryEvent({ type: "delivery.exhausted", delivery: ref, lastResponseStatus: outcome.status, lastError: outcome.error });
  } else if (outcome.ok && delivery.attemptCount > 0 && delivery.lastError !== null) {
    await emitDeliveryEvent({ type: "delivery.recovered", delivery: ref });
  }
}

/** Nothing is sent to a disabled endpoint: the delivery is canceled (if still pending) and the
 * claim handed back. */
async function cancelForDisabledEndpoint(ctx: DeliveryContext): Promise<AttemptResult> {
  await db().$executeRaw`
    UPDATE "Delivery" SET "leaseUntil" = NULL, "sendingSince" = NULL,
      status = CASE WHEN status = 'pending' THEN 'canceled'::"DeliveryStatus" ELSE status END,
      "nextAttemptAt" = CASE WHEN status = 'pending' THEN NULL ELSE "nextAttemptAt" END,
      "lastError" = CASE WHEN status = 'pending' THEN 'Endpoint disabled' ELSE "lastError" END,
      "updatedAt" = now()
    WHERE id = ${ctx.delivery.id} AND "leaseToken" = ${ctx.lease.token}`;
  return { deliveryId: ctx.delivery.id, outcome: "canceled", status: "canceled" };
}
