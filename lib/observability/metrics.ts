// Prometheus metrics of this process (prom-client). The delivery engine and the API call the small
// functions below at the moments that matter; nothing here reads the database (the database-wide
// gauges are lib/delivery/database-gauges.ts, served by the web server only).
//
// Labels are bounded by construction: outcomes, error categories, triggers, HTTP methods, status
// codes and route patterns (never ids). No metric here carries a tenant, endpoint or delivery.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processRole, type ProcessRole } from "./process-role";

/** Attempt durations: from a fast receiver on the same network to the 30 s timeout cap. */
const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

function createMetrics(role: ProcessRole) {
  const registry = new Registry();
  registry.setDefaultLabels({ process: role });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const live = globalThis as unknown as { hookyardLiveGauges?: LiveGauges };
  return {
    registry,
    published: new Counter({
      name: "hookyard_messages_published_total",
      help: "Messages accepted by the publish API (test: test events sent from the dashboard or API); duplicates answered from an idempotency key are not counted",
      labelNames: ["kind"] as const,
      registers,
    }),
    duplicatePublishes: new Counter({
      name: "hookyard_messages_duplicate_total",
      help: "Publishes answered with an earlier message because its idempotency key was used within 24 h",
      registers,
    }),
    deliveriesCreated: new Counter({
      name: "hookyard_deliveries_created_total",
      help: "Deliveries created by publishes (one per subscribed, enabled endpoint: the fan-out)",
      registers,
    }),
    attempts: new Counter({
      name: "hookyard_attempts_total",
      help: "Delivery attempts recorded by this process, by outcome (succeeded, failed, interrupted), error category (none when it succeeded) and trigger",
      labelNames: ["outcome", "error_category", "trigger"] as const,
      registers,
    }),
    attemptDuration: new Histogram({
      name: "hookyard_attempt_duration_seconds",
      help: "Duration of delivery attempts, from the request being handed to its connection to the response body read (or the failure)",
      labelNames: ["outcome"] as const,
      buckets: ATTEMPT_BUCKETS,
      registers,
    }),
    deliveriesFinished: new Counter({
      name: "hookyard_deliveries_finished_total",
      help: "Deliveries that reached a final state through an attempt of this process: succeeded, or failed after their last scheduled attempt",
      labelNames: ["status"] as const,
      registers,
    }),
    attemptsLate: new Counter({
      name: "hookyard_attempts_late_total",
      help: "Attempts whose outcome arrived after their lease had been taken over (the holder looked dead); recorded onto the interrupted attempt",
      registers,
    }),
    claims: new Counter({
      name: "hookyard_worker_claims_total",
      help: "Claim statements run by this worker, by kind (due: the oldest due rows; per_endpoint: endpoint by endpoint) and whether they took any delivery (took=some|none)",
      labelNames: ["kind", "took"] as const,
      registers,
    }),
    recordStatements: new Counter({
      name: "hookyard_worker_record_statements_total",
      help: "Record statements run by this worker; hookyard_attempts_total over this is the attempts each one recorded (they wait up to 20 ms for company)",
      registers,
    }),
    leasesRenewed: new Counter({
      name: "hookyard_leases_renewed_total",
      help: "Lease renewals of deliveries whose requests were in flight",
      registers,
    }),
    leasesLost: new Counter({
      name: "hookyard_leases_lost_total",
      help: "Leases found taken over at renewal: this process looked dead (frozen, or cut off from the database) for longer than the lease",
      registers,
    }),
    leasesExpired: new Counter({
      name: "hookyard_leases_expired_total",
      help: "Expired leases of holders that died mid-request, recorded as interrupted attempts by this process",
      registers,
    }),
    endpointsDisabled: new Counter({
      name: "hookyard_endpoint_disables_total",
      help: "Endpoints disabled: automatically after failing for HOOKYARD_DISABLE_AFTER (reason=failing) or on a 410 Gone (reason=gone), or through the API (reason=api)",
      labelNames: ["reason"] as const,
      registers,
    }),
    apiRequests: new Counter({
      name: "hookyard_http_requests_total",
      help: "API requests answered, by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    apiDuration: new Histogram({
      name: "hookyard_http_request_duration_seconds",
      help: "API request durations by route pattern and method",
      labelNames: ["route", "method"] as const,
      buckets: API_BUCKETS,
      registers,
    }),
    apiInFlight: new Gauge({ name: "hookyard_http_requests_in_flight", help: "API requests being handled", registers }),
    attemptsInFlight: new Gauge({
      name: "hookyard_attempts_in_flight",
      help: "Delivery attempts in flight in this worker (sent, or being recorded)",
      registers,
      collect() {
        const gauges = live.hookyardLiveGauges;
        if (gauges?.inFlight) this.set(gauges.inFlight());
      },
    }),
    recordsWaiting: new Gauge({
      name: "hookyard_attempt_records_waiting",
      help: "Attempts sent but not yet recorded; stays above zero while the database is away",
      registers,
      collect() {
        const gauges = live.hookyardLiveGauges;
        if (gauges?.recordsWaiting) this.set(gauges.recordsWaiting());
      },
    }),
    leasesHeld: new Gauge({
      name: "hookyard_leases_held",
      help: "Deliveries this process holds a lease on while their attempts run",
      registers,
      collect() {
        const gauges = live.hookyardLiveGauges;
        if (gauges?.leasesHeld) this.set(gauges.leasesHeld());
      },
    }),
    dbPool: new Gauge({
      name: "hookyard_db_pool_connections",
      help: "This process's database connections by state: busy, idle, max (the pool size)",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const usage = live.hookyardLiveGauges?.dbPool?.();
        if (!usage) return;
        this.set({ state: "busy" }, usage.total - usage.idle);
        this.set({ state: "idle" }, usage.idle);
        this.set({ state: "max" }, usage.max);
      },
    }),
    dbPoolWaiting: new Gauge({
      name: "hookyard_db_pool_waiting",
      help: "Queries waiting for a free connection of this process's pool",
      registers,
      collect() {
        this.set(live.hookyardLiveGauges?.dbPool?.()?.waiting ?? 0);
      },
    }),
  };
}

export type HookyardMetrics = ReturnType<typeof createMetrics>;

/** Connections of a process's database pool (lib/db/client.ts reports its pool's). */
export interface PoolUsage {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

/** Read at scrape time from the parts that know them (the local executor, the recorder, the
 * database client): they report here, so this module depends on none of them. */
export interface LiveGauges {
  inFlight?: () => number;
  recordsWaiting?: () => number;
  leasesHeld?: () => number;
  dbPool?: () => PoolUsage | undefined;
}

const globalForMetrics = globalThis as unknown as { hookyardMetrics?: HookyardMetrics; hookyardLiveGauges?: LiveGauges };

/** This process's metrics: one set per process, shared by every bundle Next.js makes of this
 * module. The role (process-role.ts) is a label on every series. */
export function metrics(): HookyardMetrics {
  globalForMetrics.hookyardMetrics ??= createMetrics(processRole());
  return globalForMetrics.hookyardMetrics;
}

export function reportLiveGauges(gauges: LiveGauges): void {
  globalForMetrics.hookyardLiveGauges = { ...globalForMetrics.hookyardLiveGauges, ...gauges };
}
