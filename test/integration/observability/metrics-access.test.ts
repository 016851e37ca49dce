// The backlog gauges (no executor here: what is published stays due) and who may read
// GET /api/metrics: a token when one is set, nobody in production without one.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { reloadEnv } from "../../../lib/env";
import { call, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { parseExposition, valueOf } from "../../helpers/prometheus";

let admin: string;
let busy: TestTenant;
let quiet: TestTenant;

function configure(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
}

async function publish(t: TestTenant, n: number) {
  for (let i = 0; i < n; i++) {
    expect((await post(`/api/v1/tenants/${t.id}/messages`, { eventType: "order.completed", payload: { i } }, t.key)).status).toBe(202);
  }
}

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.completed");
  busy = await createTenantWithKey(admin, "busy");
  quiet = await createTenantWithKey(admin, "quiet");
  for (const t of [busy, quiet]) {
    expect((await post(`/api/v1/tenants/${t.id}/endpoints`, { url: "https://receiver.example/hook" }, t.key)).status).toBe(201);
  }
  await publish(busy, 4);
  await publish(quiet, 1);
  // The busy tenant's oldest delivery has been due for ten minutes.
  await db().$executeRaw`UPDATE "Delivery" SET "nextAttemptAt" = now() - interval '10 minutes'
    WHERE id = (SELECT id FROM "Delivery" WHERE "tenantId" = ${busy.id} ORDER BY id LIMIT 1)`;
  // One of the quiet tenant's is held by a live lease: claimed, so not backlog.
  await publish(quiet, 1);
  await db().$executeRaw`UPDATE "Delivery" SET "leaseUntil" = now() + interval '1 minute'
    WHERE id = (SELECT id FROM "Delivery" WHERE "tenantId" = ${quiet.id} ORDER BY id DESC LIMIT 1)`;
});

afterEach(() => configure({ HOOKYARD_METRICS_TOKEN: undefined, NODE_ENV: "test" }));

describe("the backlog", () => {
  it("counts due deliveries no worker has claimed, the oldest one's age, and the busiest tenants", async () => {
    const res = await call("GET", "/api/metrics");
    const families = parseExposition(res.text);
    expect(valueOf(families, "hookyard_deliveries_due")).toBe(5);
    const age = valueOf(families, "hookyard_deliveries_due_oldest_age_seconds");
    expect(age).toBeGreaterThanOrEqual(600);
    expect(age).toBeLessThan(700);
    expect(valueOf(families, "hookyard_tenant_deliveries_due", { tenant: busy.id })).toBe(4);
    expect(valueOf(families, "hookyard_tenant_deliveries_due", { tenant: quiet.id })).toBe(1);
  });
});

describe("access", () => {
  it("wants the token when HOOKYARD_METRICS_TOKEN is set", async () => {
    configure({ HOOKYARD_METRICS_TOKEN: "a-metrics-token-of-some-length" });
    const none = await call("GET", "/api/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(none.body.error.code).toBe("unauthorized");
    const wrong = await call("GET", "/api/metrics", { headers: { authorization: "Bearer a-metrics-token-of-some-lengtX" } });
    expect(wrong.status).toBe(401);
    const right = await call("GET", "/api/metrics", { headers: { authorization: "Bearer a-metrics-token-of-some-length" } });
    expect(right.status).toBe(200);
    expect(right.text).toContain("hookyard_deliveries_due ");
  });

  it("is off in production without a token, and says how to turn it on", async () => {
    configure({ NODE_ENV: "production" });
    const res = await call("GET", "/api/metrics");
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("HOOKYARD_METRICS_TOKEN");
  });

  it("refuses a token shorter than 16 characters at start", () => {
    expect(() => configure({ HOOKYARD_METRICS_TOKEN: "short" })).not.toThrow();
    return import("../../../lib/env").then(({ env }) => expect(() => env()).toThrow(/HOOKYARD_METRICS_TOKEN: must be at least 16 characters/));
  });
});
