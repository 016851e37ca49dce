// Traces with an in-memory exporter: a publish that sent a W3C traceparent continues that trace
// through its fan-out to every attempt the executor makes, carried by the message row.
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { startTracing, stopTracing } from "../../../lib/observability/tracing";
import { call, post } from "../../helpers/api";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startReceiver, type Receiver } from "../../helpers/receiver";

useLocalExecutor({ schedule: "0s,100ms" });

const exporter = new InMemorySpanExporter();
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
let admin: string;
let tenant: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  expect(await startTracing({ serviceName: "hookyard-test", exporter })).toBe(true);
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  receiver = await startReceiver();
  receiver.respond((req) => ({ status: req.path === "/fails" ? 503 : 200 }));
  tenant = await createTenantWithKey(admin, "traced");
});
afterAll(async () => {
  await stopTracing();
  await receiver.close();
});

async function endpointAt(path: string): Promise<string> {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url.replace("/hook", path) }, tenant.key);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function publish(headers: Record<string, string> = {}): Promise<string> {
  const res = await call("POST", `/api/v1/tenants/${tenant.id}/messages`, { key: tenant.key, body: { eventType: "order.completed", payload: {} }, headers });
  expect(res.status).toBe(202);
  return res.body.id;
}

const spansNamed = (name: string, traceId: string) =>
  exporter.getFinishedSpans().filter((s) => s.name === name && s.spanContext().traceId === traceId);

async function spanOf(name: string, traceId: string, count = 1): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  while (spansNamed(name, traceId).length < count) {
    if (Date.now() > deadline) throw new Error(`no ${count} × ${name} in trace ${traceId}: ${exporter.getFinishedSpans().map((s) => s.name)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return spansNamed(name, traceId);
}

describe("traces", () => {
  it("continue the publisher's traceparent: publish → fan-out → each attempt, the retries included", async () => {
    await endpointAt("/fails");
    const messageId = await publish({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const deliveryId = await deliveryOf(tenant.id, messageId, tenant.key);
    await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "failed");

    const [publishSpan] = await spanOf("hookyard.publish", CALLER_TRACE);
    expect(publishSpan.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(publishSpan.kind).toBe(SpanKind.PRODUCER);
    expect(publishSpan.attributes).toMatchObject({ "hookyard.tenant_id": tenant.id, "hookyard.message_id": messageId, "hookyard.deliveries": 1 });

    const [fanOut] = await spanOf("hookyard.fan_out", CALLER_TRACE);
    expect(fanOut.parentSpanContext?.spanId).toBe(publishSpan.spanContext().spanId);
    // The worker learns the trace from the message row.
    const stored = await db().message.findUniqueOrThrow({ where: { id: messageId }, select: { traceparent: true } });
    expect(stored.traceparent).toBe(`00-${CALLER_TRACE}-${fanOut.spanContext().spanId}-01`);

    const attempts = await spanOf("hookyard.attempt", CALLER_TRACE, 2);
    for (const [i, span] of attempts.sort((a, b) => Number(a.attributes["hookyard.attempt"]) - Number(b.attributes["hookyard.attempt"])).entries()) {
      expect(span.parentSpanContext?.spanId).toBe(fanOut.spanContext().spanId);
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes).toMatchObject({
        "hookyard.delivery_id": deliveryId,
        "hookyard.attempt": i + 1,
        "hookyard.outcome": "failed",
        "http.response.status_code": 503,
        "error.type": "http_status",
        "server.address": "127.0.0.1",
      });
    }
  });

  it("start a new trace for a publish without a traceparent, and mark a success as such", async () => {
    const ok = await endpointAt("/ok");
    const messageId = await publish();
    const publishSpan = exporter.getFinishedSpans().find((s) => s.name === "hookyard.publish" && s.attributes["hookyard.message_id"] === messageId)!;
    expect(publishSpan.parentSpanContext).toBeUndefined();
    const traceId = publishSpan.spanContext().traceId;
    const attempts = await spanOf("hookyard.attempt", traceId, 2); // both endpoints
    const okAttempt = attempts.find((s) => s.attributes["hookyard.endpoint_id"] === ok)!;
    expect(okAttempt.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(okAttempt.attributes).toMatchObject({ "hookyard.outcome": "succeeded", "http.response.status_code": 200 });
  });

  it("cost nothing once off: no span, no trace context stored", async () => {
    await stopTracing();
    const before = exporter.getFinishedSpans().length;
    const messageId = await publish({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const stored = await db().message.findUniqueOrThrow({ where: { id: messageId }, select: { traceparent: true } });
    expect(stored.traceparent).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(exporter.getFinishedSpans().length).toBe(before);
  });
});
