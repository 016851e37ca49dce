// OpenTelemetry traces: a publish, its fan-out and every attempt of its deliveries form one
// trace, continued from the publish request's W3C `traceparent` when the caller sent one.
//
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then
// nothing is loaded, no span object is made and no trace context is stored — the helpers below
// just run their function. On, spans go out over OTLP/HTTP (the exporter reads the standard
// OTEL_EXPORTER_OTLP_* variables: headers, timeout) in batches.
//
// The worker that makes an attempt learns the trace from the database: the fan-out span's
// traceparent is stored on the message row (Message.traceparent) by the publish, and read back
// with the claim (see the README, "Traces").
import { context, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

const TRACER_NAME = "hookyard";

interface TracingState {
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

const globalForTracing = globalThis as unknown as { hookyardTracing?: TracingState };

export function tracingEnabled(): boolean {
  return globalForTracing.hookyardTracing !== undefined;
}

export function otlpEndpointConfigured(): boolean {
  return Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface TracingOptions {
  /** `service.name` unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** Export to this instead of OTLP, span by span (tests use an in-memory exporter). */
  exporter?: SpanExporter;
}

/** Starts tracing for this process if an OTLP endpoint is configured (or an exporter given).
 * Returns whether tracing is on. */
export async function startTracing(options: TracingOptions): Promise<boolean> {
  if (globalForTracing.hookyardTracing) return true;
  if (!options.exporter && !otlpEndpointConfigured()) return false;
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/resources"),
  ]);
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || options.serviceName }),
    spanProcessors: [processor],
  });
  // The global tracer provider, an AsyncLocalStorage context manager and the W3C trace-context
  // propagator (Next.js's own request spans use them too).
  provider.register();
  globalForTracing.hookyardTracing = provider;
  return true;
}

/** Sends the spans still buffered and turns tracing off (a process stopping; tests). */
export async function stopTracing(): Promise<void> {
  const tracing = globalForTracing.hookyardTracing;
  if (!tracing) return;
  globalForTracing.hookyardTracing = undefined;
  await tracing.shutdown().catch(() => {});
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Sends the spans buffered so far. */
export async function flushTraces(): Promise<void> {
  await globalForTracing.hookyardTracing?.forceFlush().catch(() => {});
}

/**
 * Runs a request handler in the trace its caller sent (`traceparent`), unless a span is active
 * already (Next.js's request span, itself continued from that header).
 */
export function inRequestTrace<T>(headers: Headers, fn: () => T): T {
  if (!tracingEnabled() || trace.getActiveSpan()) return fn();
  const carrier = { traceparent: headers.get("traceparent") ?? undefined, tracestate: headers.get("tracestate") ?? undefined };
  return context.with(propagation.extract(ROOT_CONTEXT, carrier), fn);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent, as a stored traceparent; unset: the active span. */
  parentTraceparent?: string | null;
}

/** Runs `fn` in a new span (when tracing is on), ended when it settles; a throw marks it failed. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn(undefined);
  const parent = options.parentTraceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: options.parentTraceparent }) : context.active();
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active span as a W3C traceparent, to store with what a later process continues; null
 * when tracing is off. */
export function activeTraceparent(): string | null {
  if (!tracingEnabled()) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The trace and span ids for log lines written inside a span. */
export function traceLogFields(): Record<string, string> {
  if (!tracingEnabled()) return {};
  const span = trace.getActiveSpan()?.spanContext();
  return span && span.traceId !== "00000000000000000000000000000000" ? { traceId: span.traceId, spanId: span.spanId } : {};
}

export { SpanKind, SpanStatusCode };
