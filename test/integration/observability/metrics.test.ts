// GET /api/metrics after real deliveries: publishes, attempts by outcome, durations, finished
// deliveries, lease renewals and expiries, endpoint disables, API requests, the pool, the
// database-wide gauges — scraped through the route handler and parsed as Prometheus would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { call, patch, post } from "../../helpers/api";
import { deliveryOf, useLocalExecutor, waitForDelivery } from "../../helpers/engine";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { parseExposition, valueOf, type Family } from "../../helpers/prometheus";
import { startReceiver, type Receiver } from "../../helpers/receiver";

// Renewed every second: the slow endpoint's 2.5 s request is renewed at least once.
process.env.HOOKYARD_LEASE_SECONDS = "3";
useLocalExecutor({ schedule: "0s,200ms", disableAfter: "1h" });

let admin: string;
let receiver: Receiver;
let healthy: TestTenant;
let broken: TestTenant;
let families: Map<string, Family>;

async function endpoint(t: TestTenant, path: string) {
  const res = await post(`/api/v1/tenants/${t.id}/endpoints`, { url: receiver.url.replace("/hook", path) }, t.key);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function publish(t: TestTenant, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await post(`/api/v1/tenants/${t.id}/messages`, { eventType: "order.completed", payload: { i } }, t.key);
    expect(res.status).toBe(202);
    ids.push(await deliveryOf(t.id, res.body.id, t.key));
  }
  return ids;
}

async function scrape(): Promise<Map<string, Family>> {
  const res = await call("GET", "/api/metrics");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  receiver = await startReceiver();
  receiver.respond((req) => {
    if (req.path === "/fails") return { status: 500 };
    if (req.path === "/slow") return { status: 200, delayMs: 2_500 };
    return { status: 200 };
  });
  healthy = await createTenantWithKey(admin, "healthy");
  broken = await createTenantWithKey(admin, "broken");
  await endpoint(healthy, "/ok");
  const failing = await endpoint(broken, "/fails");

  // 3 deliveries succeed at once; 2 fail twice (the schedule has two attempts) and are failed.
  const ok = await publish(healthy, 3);
  const bad = await publish(broken, 2);
  for (const id of ok) await waitForDelivery(healthy.id, id, healthy.key, (d) => d.status === "succeeded");
  for (const id of bad) await waitForDelivery(broken.id, id, broken.key, (d) => d.status === "failed");

  // A request longer than a third of the lease: its lease is renewed while it runs.
  const slowTenant = await createTenantWithKey(admin, "slow");
  await endpoint(slowTenant, "/slow");
  const [slow] = await publish(slowTenant, 1);
  await waitForDelivery(slowTenant.id, slow, slowTenant.key, (d) => d.status === "succeeded");

  // A worker that died mid-request (the delivery pending and due, its write-ahead mark set, its
  // lease expired): recorded as an interrupted attempt, then sent again.
  await db().$executeRaw`UPDATE "Delivery" SET status = 'pending', "nextAttemptAt" = now() - interval '1 minute',
    "sendingSince" = now() - interval '1 minute', "leaseUntil" = now() - interval '1 second' WHERE id = ${ok[0]}`;
  await waitForDelivery(healthy.id, ok[0], healthy.key, (d) => d.attemptCount >= 2 && d.status === "succeeded", 15_000);

  // An endpoint failing for longer than HOOKYARD_DISABLE_AFTER is disabled by its next failure;
  // another one is disabled through the API.
  const doomed = await createTenantWithKey(admin, "doomed");
  const doomedEndpoint = await endpoint(doomed, "/fails");
  await db().endpoint.update({ where: { id: doomedEndpoint }, data: { failingSince: new Date(Date.now() - 2 * 3600_000) } });
  const [last] = await publish(doomed, 1);
  await waitForDelivery(doomed.id, last, doomed.key, (d) => d.status === "canceled" || d.status === "failed");
  expect((await patch(`/api/v1/tenants/${healthy.id}/endpoints/${await endpoint(healthy, "/spare")}`, { disabled: true }, healthy.key)).status).toBe(200);
  void failing;

  families = await scrape();
}, 90_000);

afterAll(() => receiver.close());

describe("GET /api/metrics", () => {
  it("counts publishes and the deliveries they fanned out to", () => {
    expect(valueOf(families, "hookyard_messages_published_total", { kind: "event" })).toBe(7);
    expect(valueOf(families, "hookyard_deliveries_created_total")).toBe(7);
  });

  it("counts attempts by outcome and error category, and deliveries by final state", () => {
    const attempts = (labels: Record<string, string>) => valueOf(families, "hookyard_attempts_total", labels);
    // 4 deliveries, and the dead holder's delivery sent again once its interrupted attempt was recorded.
    expect(attempts({ outcome: "succeeded", error_category: "none", trigger: "scheduled" })).toBe(5);
    // 2 deliveries × 2 attempts, and the doomed endpoint's one.
    expect(attempts({ outcome: "failed", error_category: "http_status", trigger: "scheduled" })).toBe(5);
    expect(valueOf(families, "hookyard_deliveries_finished_total", { status: "succeeded" })).toBe(5);
    expect(valueOf(families, "hookyard_deliveries_finished_total", { status: "failed" })).toBe(2);
  });

  it("has a histogram of attempt durations that saw the slow request", () => {
    expect(valueOf(families, "hookyard_attempt_duration_seconds_count", { outcome: "succeeded" })).toBe(5);
    expect(valueOf(families, "hookyard_attempt_duration_seconds_bucket", { outcome: "succeeded", le: "1" })).toBe(4);
    expect(valueOf(families, "hookyard_attempt_duration_seconds_bucket", { outcome: "succeeded", le: "5" })).toBe(5);
    expect(valueOf(families, "hookyard_attempt_duration_seconds_sum", { outcome: "succeeded" })).toBeGreaterThan(2.4);
  });

  it("counts lease renewals, expired leases of dead holders, and endpoint disables by reason", () => {
    expect(valueOf(families, "hookyard_leases_renewed_total")).toBeGreaterThanOrEqual(1);
    expect(valueOf(families, "hookyard_leases_lost_total")).toBe(0);
    expect(valueOf(families, "hookyard_leases_expired_total")).toBe(1);
    expect(valueOf(families, "hookyard_endpoint_disables_total", { reason: "failing" })).toBe(1);
    expect(valueOf(families, "hookyard_endpoint_disables_total", { reason: "api" })).toBe(1);
  });

  it("counts API requests by route pattern, never by id", () => {
    expect(valueOf(families, "hookyard_http_requests_total", { route: "/api/v1/tenants/[tenant]/messages", method: "POST", status: "202" })).toBe(7);
    const routes = families.get("hookyard_http_requests_total")!.samples.map((s) => s.labels.route);
    expect(routes.some((r) => /ten_|ep_|dlv_/.test(r))).toBe(false);
  });

  it("reports the database pool and the process", () => {
    // HOOKYARD_DB_POOL_SIZE (20), and the 4 of the pool for the claims and records (db/client.ts).
    expect(valueOf(families, "hookyard_db_pool_connections", { state: "max" })).toBe(24);
    expect(valueOf(families, "hookyard_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(1);
    expect(families.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(families.get("nodejs_heap_size_used_bytes")?.type).toBe("gauge");
    // Every series says which process it comes from.
    for (const f of families.values()) for (const s of f.samples) expect(s.labels.process, s.name).toBe("web");
  });

  it("reports the failing endpoints from the database, with a series for the tenant that has them", () => {
    expect(valueOf(families, "hookyard_database_up")).toBe(1);
    expect(valueOf(families, "hookyard_endpoints_failing")).toBe(1);
    expect(valueOf(families, "hookyard_tenant_endpoints_failing", { tenant: broken.id })).toBe(1);
    expect(valueOf(families, "hookyard_endpoints_failing_oldest_age_seconds")).toBeGreaterThan(0);
    expect(valueOf(families, "hookyard_endpoints_disabled")).toBe(2);
    expect(valueOf(families, "hookyard_deliveries_due")).toBe(0);
  });
});
