// Gauges read from the database: what every process sees alike (the backlog, failing endpoints),
// so only the web server serves them (GET /api/metrics), never the workers — one series each,
// whatever the number of workers. Read at scrape time, at most every REFRESH_MS (several
// Prometheus servers scraping cost one set of queries), each query bounded by a short timeout.
//
// Tenant labels: only the TOP_TENANTS tenants with the most due deliveries, and with the most
// failing endpoints, get a series of their own (label tenant = the tenant's id) — bounded however
// many tenants there are. Everything else is a total.
//
// They live beside the engine, whose claimable rule (lease.ts) the backlog counts by; the route
// GET /api/metrics hands them to lib/observability/metrics-endpoint.ts, which reads no database.
import { Gauge, Registry } from "prom-client";
import { db } from "../db/client";
import { checkDatabase } from "../db/health";
import { claimable } from "./lease";
import { errorFields, logger } from "../observability/log";
import { processRole } from "../observability/process-role";

const REFRESH_MS = 5_000;
const QUERY_TIMEOUT_MS = 3_000;
/** The due backlog is counted up to this many rows (a scrape stays cheap behind a huge backlog). */
export const DUE_COUNT_CAP = 100_000;
export const TOP_TENANTS = 10;

interface Snapshot {
  due: number;
  oldestDueSeconds: number;
  dueByTenant: { tenantId: string; due: number }[];
  failing: number;
  oldestFailingSeconds: number;
  failingByTenant: { tenantId: string; failing: number }[];
  disabled: number;
}

/** The gauges' values; null when the database does not answer. */
async function readSnapshot(): Promise<Snapshot | null> {
  // The scrape's whole budget: a process's first query also loads Prisma's query engine.
  if (!(await checkDatabase(QUERY_TIMEOUT_MS)).ok) return null;
  const client = db();
  const [due, byTenant, endpoints, failingByTenant] = await Promise.all([
    client.$queryRaw<{ due: number; oldest: number | null }[]>`
      WITH due AS (
        SELECT d."nextAttemptAt" FROM "Delivery" d WHERE ${claimable("d")}
        ORDER BY d."nextAttemptAt" LIMIT ${DUE_COUNT_CAP}::int
      )
      SELECT count(*)::int AS due, EXTRACT(EPOCH FROM now() - min("nextAttemptAt"))::float8 AS oldest FROM due`,
    client.$queryRaw<{ tenantId: string; due: number }[]>`
      WITH due AS (
        SELECT d."tenantId" FROM "Delivery" d WHERE ${claimable("d")}
        ORDER BY d."nextAttemptAt" LIMIT ${DUE_COUNT_CAP}::int
      )
      SELECT "tenantId", count(*)::int AS due FROM due GROUP BY "tenantId" ORDER BY due DESC, "tenantId" LIMIT ${TOP_TENANTS}::int`,
    client.$queryRaw<{ failing: number; oldest: number | null; disabled: number }[]>`
      SELECT (count(*) FILTER (WHERE "failingSince" IS NOT NULL AND NOT disabled))::int AS failing,
             EXTRACT(EPOCH FROM now() - min("failingSince") FILTER (WHERE NOT disabled))::float8 AS oldest,
             (count(*) FILTER (WHERE disabled))::int AS disabled
      FROM "Endpoint"`,
    client.$queryRaw<{ tenantId: string; failing: number }[]>`
      SELECT "tenantId", count(*)::int AS failing FROM "Endpoint"
      WHERE "failingSince" IS NOT NULL AND NOT disabled
      GROUP BY "tenantId" ORDER BY failing DESC, "tenantId" LIMIT ${TOP_TENANTS}::int`,
  ]);
  return {
    due: due[0].due,
    oldestDueSeconds: Math.max(0, due[0].oldest ?? 0),
    dueByTenant: byTenant,
    failing: endpoints[0].failing,
    oldestFailingSeconds: Math.max(0, endpoints[0].oldest ?? 0),
    failingByTenant,
    disabled: endpoints[0].disabled,
  };
}

function createDatabaseGauges() {
  const upRegistry = new Registry();
  const registry = new Registry();
  upRegistry.setDefaultLabels({ process: processRole() });
  registry.setDefaultLabels({ process: processRole() });
  const registers = [registry];
  return {
    upRegistry,
    registry,
    up: new Gauge({
      name: "hookyard_database_up",
      help: "1 when the database answered the last scrape's queries within 3 s, else 0 (and the other database gauges are left out)",
      registers: [upRegistry],
    }),
    due: new Gauge({
      name: "hookyard_deliveries_due",
      help: `Deliveries due now that no worker has claimed (the backlog), counted up to ${DUE_COUNT_CAP}`,
      registers,
    }),
    oldestDue: new Gauge({
      name: "hookyard_deliveries_due_oldest_age_seconds",
      help: "How long the oldest unclaimed due delivery has been due (0 when there is none): how far behind delivery is",
      registers,
    }),
    dueByTenant: new Gauge({
      name: "hookyard_tenant_deliveries_due",
      help: `Unclaimed due deliveries of the ${TOP_TENANTS} tenants with the most (within the first ${DUE_COUNT_CAP} due)`,
      labelNames: ["tenant"] as const,
      registers,
    }),
    failing: new Gauge({
      name: "hookyard_endpoints_failing",
      help: "Enabled endpoints whose latest attempts all failed (the overview's failing endpoints); each is disabled after HOOKYARD_DISABLE_AFTER",
      registers,
    }),
    oldestFailing: new Gauge({
      name: "hookyard_endpoints_failing_oldest_age_seconds",
      help: "How long the longest-failing enabled endpoint has failed without a success (0 when none fails)",
      registers,
    }),
    failingByTenant: new Gauge({
      name: "hookyard_tenant_endpoints_failing",
      help: `Failing enabled endpoints of the ${TOP_TENANTS} tenants with the most`,
      labelNames: ["tenant"] as const,
      registers,
    }),
    disabled: new Gauge({ name: "hookyard_endpoints_disabled", help: "Endpoints disabled now (automatically or by hand)", registers }),
  };
}

type DatabaseGauges = ReturnType<typeof createDatabaseGauges>;
const globalForGauges = globalThis as unknown as {
  hookyardDatabaseGauges?: { gauges: DatabaseGauges; readAt: number; readable: boolean; reading?: Promise<void> };
};

function gaugesState() {
  globalForGauges.hookyardDatabaseGauges ??= { gauges: createDatabaseGauges(), readAt: 0, readable: false };
  return globalForGauges.hookyardDatabaseGauges;
}

/** The database-wide gauges in the exposition format, read again when older than REFRESH_MS.
 * While the database cannot be read, only hookyard_database_up (0): a backlog of 0 would lie. */
export async function databaseMetricsText(): Promise<string> {
  const state = gaugesState();
  if (Date.now() - state.readAt >= REFRESH_MS) {
    state.reading ??= refresh(state.gauges)
      .then((readable) => void (state.readable = readable))
      .finally(() => {
        state.readAt = Date.now();
        state.reading = undefined;
      });
    await state.reading;
  }
  const up = await state.gauges.upRegistry.metrics();
  return state.readable ? `${up}\n${await state.gauges.registry.metrics()}` : up;
}

/** Reads the gauges; false when the database could not be read in time. */
async function refresh(g: DatabaseGauges): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), QUERY_TIMEOUT_MS)));
  const read = readSnapshot().catch((err) => {
    logger().warn(errorFields(err), "metrics: the database gauges could not be read");
    return null;
  });
  const snapshot = await Promise.race([read, timedOut]).finally(() => clearTimeout(timer));
  g.up.set(snapshot ? 1 : 0);
  if (!snapshot) return false;
  // Tenants drop out of the top list: their series go with them.
  g.dueByTenant.reset();
  g.failingByTenant.reset();
  g.due.set(snapshot.due);
  g.oldestDue.set(snapshot.oldestDueSeconds);
  for (const t of snapshot.dueByTenant) g.dueByTenant.set({ tenant: t.tenantId }, t.due);
  g.failing.set(snapshot.failing);
  g.oldestFailing.set(snapshot.oldestFailingSeconds);
  for (const t of snapshot.failingByTenant) g.failingByTenant.set({ tenant: t.tenantId }, t.failing);
  g.disabled.set(snapshot.disabled);
  return true;
}

/** The registries of these gauges (what names and labels they have: tests, the alert rules' check). */
export function databaseGaugeRegistries(): Registry[] {
  const { gauges } = gaugesState();
  return [gauges.upRegistry, gauges.registry];
}
