// The database stopped or frozen under the API: publishes fail fast with 503 database_unavailable
// and a Retry-After (never a hang, never a 500), /api/health says 503 within 2 s, everything
// works again once it is back, and the workers' LISTEN connection comes back on its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../../lib/db/client";
import { tenantScope } from "../../../lib/db/tenant-scope";
import { reloadEnv } from "../../../lib/env";
import { LocalExecutor } from "../../../lib/executors/local";
import { publishMessage } from "../../../lib/messages/publish";
import { wireDeliveryEvents } from "../../../lib/runtime/delivery-events";
import { call, del, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startScratchPostgres, type ScratchPostgres } from "../../helpers/scratch-postgres";

let pgx: ScratchPostgres;
let tenant: TestTenant;
let admin: string;

beforeAll(async () => {
  pgx = await startScratchPostgres("outage");
  process.env.DATABASE_URL = pgx.url;
  process.env.HOOKYARD_DB_QUERY_TIMEOUT = "2s";
  process.env.HOOKYARD_DB_CONNECT_TIMEOUT = "1s";
  reloadEnv();
  admin = await adminKey();
  await createEventTypes(admin, "outage.happened");
  tenant = await createTenantWithKey(admin, "Outage");
}, 120_000);

afterAll(async () => {
  pgx?.thaw();
  await disconnectDb();
  await pgx?.destroy();
});

const publish = () => post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "outage.happened", payload: { at: Date.now() } }, tenant.key);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await fn();
  return { ms: Date.now() - started, value };
}

describe("the database away", () => {
  it("stopped: publish answers 503 database_unavailable with Retry-After at once; health 503; then all is well again", async () => {
    expect((await publish()).status).toBe(202);
    await pgx.stop();
    try {
      const { ms, value: res } = await timed(publish);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe("database_unavailable");
      expect(res.headers.get("retry-after")).toBe("5");
      expect(ms).toBeLessThan(3_000);
      const health = await timed(() => call("GET", "/api/health"));
      expect(health.value.status).toBe(503);
      expect(health.ms).toBeLessThan(2_500);
    } finally {
      await pgx.start();
    }
    expect((await publish()).status).toBe(202);
    expect((await call("GET", "/api/health")).status).toBe(200);
  });

  it("frozen (SIGSTOP): publish gives up after the query timeout with a 503, health answers 503 within 2 s", async () => {
    expect((await publish()).status).toBe(202);
    pgx.freeze();
    try {
      const health = await timed(() => call("GET", "/api/health"));
      expect(health.value.status).toBe(503);
      expect(health.ms).toBeLessThan(2_500);
      const { ms, value: res } = await timed(publish);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe("database_unavailable");
      expect(ms).toBeLessThan(2_000 + 2_000); // HOOKYARD_DB_QUERY_TIMEOUT, plus what waits for a connection
    } finally {
      pgx.thaw();
    }
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (status !== 202 && Date.now() < deadline) status = (await publish()).status;
    expect(status).toBe(202);
  });

  it("a worker's LISTEN connection comes back after an outage", async () => {
    wireDeliveryEvents();
    const executor = new LocalExecutor({ concurrency: 8, perTenantConcurrency: 8, perEndpointConcurrency: 2, shutdownGraceMs: 500 });
    await executor.start();
    try {
      expect(executor.listening).toBe(true);
      await pgx.stop();
      const deadline = Date.now() + 10_000;
      while (executor.listening && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(executor.listening).toBe(false);
      await pgx.start();
      while (!executor.listening && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 50));
      expect(executor.listening).toBe(true);
    } finally {
      await executor.stop();
    }
  });

  it("a publish to a tenant deleted meanwhile is a 404, not a 500", async () => {
    const doomed = await createTenantWithKey(admin, "Deleted mid-publish");
    expect((await del(`/api/v1/tenants/${doomed.id}`, admin)).status).toBe(204);
    // The route resolved the tenant before it was deleted; the write comes after.
    for (const idempotencyKey of [undefined, "k-1"]) {
      const attempt = publishMessage(tenantScope(doomed.id), { eventType: "outage.happened", payload: {}, idempotencyKey });
      await expect(attempt).rejects.toMatchObject({ status: 404, code: "not_found" });
    }
  });
});
