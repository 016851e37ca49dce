// What the delivery engine reports as it works — metrics, spans and log lines in one call each, so
// the engine's own files carry one line per event and no knowledge of how it is reported. It lives
// with the engine because it names the engine's types (SendOutcome, NextState); lib/observability
// below it knows nothing of delivery.
//
// Traces: publish → fan-out → every attempt of every delivery of the message. The fan-out span's
// traceparent is stored on the message (Message.traceparent, only while tracing is on); the worker
// reads it with the claim and makes each attempt's span its child, hours later if a retry is.
import { trace } from "@opentelemetry/api";
import type { Delivery, Endpoint, Message } from "../db/generated/client";
import { logger } from "../observability/log";
import { metrics } from "../observability/metrics";
import { setRequestTenant } from "../observability/request-context";
import { SpanKind, SpanStatusCode, activeTraceparent, inSpan } from "../observability/tracing";
import type { SendOutcome } from "./http-client";
import type { NextState } from "./next-state";

/** A publish (or a test event), as the span around it. */
export function tracePublish<T>(tenantId: string, eventType: string, publish: () => Promise<T>): Promise<T> {
  setRequestTenant(tenantId);
  return inSpan("hookyard.publish", { kind: SpanKind.PRODUCER, attributes: { "hookyard.tenant_id": tenantId, "hookyard.event_type": eventType } }, publish);
}

/** The write that creates a message's deliveries, as a span; `write` gets the traceparent to
 * store on the message (null while tracing is off). */
export function traceFanOut<T>(write: (traceparent: string | null) => Promise<T>): Promise<T> {
  return inSpan("hookyard.fan_out", {}, () => write(activeTraceparent()));
}

export function messagePublished(p: { message: Message; deliveries: unknown[]; duplicate: boolean }): void {
  const m = metrics();
  if (p.duplicate) m.duplicatePublishes.inc();
  else {
    m.published.inc({ kind: p.message.isTest ? "test" : "event" });
    m.deliveriesCreated.inc(p.deliveries.length);
  }
  trace.getActiveSpan()?.setAttributes({
    "hookyard.message_id": p.message.id,
    "hookyard.deliveries": p.deliveries.length,
    "hookyard.duplicate": p.duplicate,
  });
  const log = logger();
  if (log.isLevelEnabled("debug")) log.debug({ messageId: p.message.id, deliveries: p.deliveries.length, duplicate: p.duplicate }, "message published");
}

/** What the reports name of an attempt's delivery: a DeliveryContext (lib/delivery/context.ts)
 * fits; spelled out here so the engine's modules can report without an import cycle. */
export interface AttemptSubject {
  delivery: Pick<Delivery, "id" | "tenantId" | "attemptCount" | "nextTrigger">;
  endpoint: Pick<Endpoint, "id" | "url">;
  message: Pick<Message, "id" | "traceparent">;
}

/** One attempt (send and record) as a span, the child of its message's fan-out. */
export function traceAttempt<T>(ctx: AttemptSubject, attempt: () => Promise<T>): Promise<T> {
  const { delivery, endpoint, message } = ctx;
  return inSpan(
    "hookyard.attempt",
    {
      kind: SpanKind.CLIENT,
      parentTraceparent: message.traceparent,
      attributes: {
        "hookyard.tenant_id": delivery.tenantId,
        "hookyard.message_id": message.id,
        "hookyard.delivery_id": delivery.id,
        "hookyard.endpoint_id": endpoint.id,
        "hookyard.attempt": delivery.attemptCount + 1,
        "hookyard.trigger": delivery.nextTrigger,
        "http.request.method": "POST",
        // The host only: a URL's path or query may carry the receiver's credentials.
        "server.address": hostOf(endpoint.url),
      },
    },
    attempt,
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

type AttemptOutcome = "succeeded" | "failed" | "interrupted";

function outcomeOf(o: SendOutcome): AttemptOutcome {
  if (o.ok) return "succeeded";
  return o.errorCategory === "interrupted" ? "interrupted" : "failed";
}

/** An attempt went through the recorder (`recorded`: how it landed). */
export function attemptRecorded(a: { ctx: AttemptSubject; number: number; outcome: SendOutcome; next: NextState; recorded: "recorded" | "late" | "gone" }): void {
  const { ctx, outcome, next, recorded } = a;
  const result = outcomeOf(outcome);
  const m = metrics();
  if (recorded !== "gone") {
    m.attempts.inc({ outcome: result, error_category: outcome.errorCategory ?? "none", trigger: ctx.delivery.nextTrigger });
    m.attemptDuration.observe({ outcome: result }, outcome.durationMs / 1000);
  }
  if (recorded === "late") m.attemptsLate.inc();
  if (recorded === "recorded" && (next.status === "succeeded" || next.status === "failed")) m.deliveriesFinished.inc({ status: next.status });

  const span = trace.getActiveSpan();
  if (span) {
    span.setAttributes({
      "hookyard.outcome": result,
      "hookyard.recorded": recorded,
      "hookyard.delivery_status": next.status,
      ...(outcome.status !== null ? { "http.response.status_code": outcome.status } : {}),
      ...(outcome.errorCategory ? { "error.type": outcome.errorCategory } : {}),
    });
    if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorCategory ?? "failed" });
  }
  const log = logger();
  if (!log.isLevelEnabled("debug")) return;
  log.debug(
    {
      tenantId: ctx.delivery.tenantId,
      endpointId: ctx.endpoint.id,
      deliveryId: ctx.delivery.id,
      attempt: a.number,
      outcome: result,
      status: outcome.status,
      errorCategory: outcome.errorCategory,
      durationMs: Math.round(outcome.durationMs),
      recorded,
      deliveryStatus: next.status,
    },
    "attempt",
  );
}

/** A claim statement ran: how many deliveries it took. */
export function claimRan(kind: "due" | "per_endpoint", took: number): void {
  metrics().claims.inc({ kind, took: took > 0 ? "some" : "none" });
}

/** A record statement ran (record.ts). */
export function recordStatementRan(): void {
  metrics().recordStatements.inc();
}

/** A renewal round of the leases held by this process. */
export function leasesRenewed(renewed: number, lost: number): void {
  const m = metrics();
  m.leasesRenewed.inc(renewed);
  if (lost > 0) {
    m.leasesLost.inc(lost);
    logger().warn({ lost }, "leases taken over while their requests were in flight (this process looked dead); their late records fill in the interrupted attempts");
  }
}

/** Attempts of dead holders recorded as interrupted (their leases expired mid-request). */
export function leasesExpired(count: number): number {
  if (count > 0) {
    metrics().leasesExpired.inc(count);
    logger().info({ count }, "recorded interrupted attempts of a worker that died mid-request");
  }
  return count;
}

const DISABLED_BECAUSE = {
  failing: "endpoint disabled: it failed without a success for HOOKYARD_DISABLE_AFTER",
  gone: "endpoint disabled: it answered 410 Gone",
  api: "endpoint disabled through the API",
} as const;

export function endpointDisabled(endpointId: string, reason: keyof typeof DISABLED_BECAUSE): void {
  metrics().endpointsDisabled.inc({ reason });
  logger()[reason === "api" ? "info" : "warn"]({ endpointId, reason }, DISABLED_BECAUSE[reason]);
}
