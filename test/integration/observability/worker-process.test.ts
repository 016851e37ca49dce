// A real worker process (`npm run worker`) seen as an operator sees it: every line it writes is a
// JSON object naming the process and the delivery it is about; its health port serves its
// metrics; its attempt spans reach an OTLP collector in the trace the publish started (here in the
// test process, which plays the web server) — and no key, secret or custom header value is ever
// in the logs, the web server's included.
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../../lib/env";
import { startTracing, stopTracing } from "../../../lib/observability/tracing";
import { call, get, post } from "../../helpers/api";
import { deliveryOf, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { captureLogs, type CapturedLogs } from "../../helpers/logs";
import { startCollector, type Collector } from "../../helpers/otlp-collector";
import { parseExposition, valueOf } from "../../helpers/prometheus";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { startWorkerProcess, type WorkerProcess } from "../../helpers/worker-process";
import { freePort } from "../../e2e/helpers/server";

const CUSTOM_HEADER_VALUE = "custom-header-credential-6c1d0e";
const CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";

const exporter = new InMemorySpanExporter();
let receiver: Receiver;
let collector: Collector;
let worker: WorkerProcess;
let healthPort: number;
let tenant: TestTenant;
let admin: string;
let webLogs: CapturedLogs;
let signingSecret: string;
let rotatedSecret: string;
let deliveryId: string;
let messageId: string;

beforeAll(async () => {
  await startTracing({ serviceName: "hookyard-web", exporter });
  webLogs = captureLogs("debug");
  receiver = await startReceiver();
  receiver.respond((_req, i) => ({ status: i === 0 ? 500 : 200, body: i === 0 ? "try again" : "ok" }));
  collector = await startCollector();
  healthPort = await freePort();
  worker = await startWorkerProcess(env().DATABASE_URL!, {
    HOOKYARD_RETRY_SCHEDULE: "0s,200ms",
    HOOKYARD_WORKER_PORT: String(healthPort),
    HOOKYARD_LOG_LEVEL: "debug",
    HOOKYARD_ENCRYPTION_KEY: process.env.HOOKYARD_ENCRYPTION_KEY!,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });

  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  tenant = await createTenantWithKey(admin, "observed");
  const ep = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: receiver.url, headers: { "x-receiver-token": CUSTOM_HEADER_VALUE } }, tenant.key);
  expect(ep.status).toBe(201);
  signingSecret = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${ep.body.id}/secret`, tenant.key)).body.secret;
  const rotated = await post(`/api/v1/tenants/${tenant.id}/endpoints/${ep.body.id}/secret/rotate`, { graceSeconds: 3600 }, tenant.key);
  rotatedSecret = rotated.body.secret;
  const published = await call("POST", `/api/v1/tenants/${tenant.id}/messages`, {
    key: tenant.key,
    body: { eventType: "order.completed", payload: { orderId: 7 } },
    headers: { traceparent: `00-${CALLER_TRACE}-b7ad6b7169203331-01`, "x-request-id": "req-from-the-caller-1" },
  });
  expect(published.status).toBe(202);
  expect(published.headers.get("x-request-id")).toBe("req-from-the-caller-1");
  messageId = published.body.id;
  deliveryId = await deliveryOf(tenant.id, messageId, tenant.key);
  await waitForDelivery(tenant.id, deliveryId, tenant.key, (d) => d.status === "succeeded", 20_000);
}, 120_000);

afterAll(async () => {
  webLogs.stop();
  worker?.signal("SIGTERM");
  await worker?.exited;
  await stopTracing();
  await receiver?.close();
  await collector?.close();
});

function workerLines(): Record<string, unknown>[] {
  return worker.output
    .join("")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`a worker log line is not JSON: ${l}`);
      }
    });
}

describe("a worker process", () => {
  it("writes only JSON lines, each naming the process, with the delivery an attempt line is about", () => {
    const lines = workerLines();
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatchObject({ process: "worker", level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    expect(lines).toContainEqual(expect.objectContaining({ level: "info", msg: expect.stringContaining("delivering") }));
    const attempts = lines.filter((l) => l.msg === "attempt");
    expect(attempts).toEqual([
      expect.objectContaining({ tenantId: tenant.id, deliveryId, attempt: 1, outcome: "failed", status: 500, errorCategory: "http_status", traceId: CALLER_TRACE }),
      expect.objectContaining({ tenantId: tenant.id, deliveryId, attempt: 2, outcome: "succeeded", status: 200, traceId: CALLER_TRACE }),
    ]);
  });

  it("serves its metrics on its health port", async () => {
    const res = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
    expect(res.status).toBe(200);
    const families = parseExposition(await res.text());
    expect(valueOf(families, "hookyard_attempts_total", { process: "worker", outcome: "failed", error_category: "http_status" })).toBe(1);
    expect(valueOf(families, "hookyard_attempts_total", { process: "worker", outcome: "succeeded" })).toBe(1);
    expect(families.get("hookyard_attempts_in_flight")?.samples[0].value).toBe(0);
    // HOOKYARD_DB_POOL_SIZE (20), and the 4 of the pool for the claims and records (db/client.ts).
    expect(valueOf(families, "hookyard_db_pool_connections", { state: "max" })).toBe(24);
    // The database-wide gauges are the web server's, once for the whole deployment.
    expect(families.has("hookyard_deliveries_due")).toBe(false);
    const health = await fetch(`http://127.0.0.1:${healthPort}/health`);
    expect(health.status).toBe(200);
  });

  it("exports its attempt spans over OTLP, in the trace the publisher started", async () => {
    const spans = await collector.waitFor((s) => s.filter((x) => x.name === "hookyard.attempt").length >= 2);
    const fanOut = exporter.getFinishedSpans().find((s) => s.name === "hookyard.fan_out" && s.spanContext().traceId === CALLER_TRACE)!;
    const attempts = spans.filter((s) => s.name === "hookyard.attempt");
    for (const span of attempts) {
      expect(span).toMatchObject({ service: "hookyard-worker", traceId: CALLER_TRACE, parentSpanId: fanOut.spanContext().spanId });
      expect(span.attributes["hookyard.delivery_id"]).toBe(deliveryId);
    }
    expect(attempts.map((s) => s.attributes["http.response.status_code"]).sort()).toEqual([200, 500]);
  });
});

describe("the logs", () => {
  it("of the web server carry the request id and the tenant, one line per API request", () => {
    const publish = webLogs.lines.find((l) => l.msg === "request" && l.requestId === "req-from-the-caller-1");
    expect(publish).toMatchObject({ process: "web", method: "POST", route: "/api/v1/tenants/[tenant]/messages", status: 202, tenantId: tenant.id, traceId: CALLER_TRACE });
  });

  it("never hold an API key, a signing secret, a custom header value or a database password", () => {
    const written = [...webLogs.raw, ...worker.output].join("");
    const password = decodeURIComponent(new URL(env().DATABASE_URL!).password);
    const forbidden = {
      "tenant API key": tenant.key,
      "admin API key": admin,
      "signing secret": signingSecret,
      "its key material": signingSecret.replace(/^whsec_/, ""),
      "rotated signing secret": rotatedSecret,
      "custom header value": CUSTOM_HEADER_VALUE,
      "encryption key": process.env.HOOKYARD_ENCRYPTION_KEY!,
      ...(password ? { "database password": password } : {}),
    };
    for (const [what, value] of Object.entries(forbidden)) expect(written.includes(value), `${what} is in the logs`).toBe(false);
    // The logs were not empty: the check looked at real lines.
    expect(webLogs.lines.length).toBeGreaterThan(5);
  });
});
