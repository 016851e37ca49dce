// The local executor: delivery workers inside the server process, backed by Postgres.
//
// Due deliveries are claimed in batches with FOR UPDATE SKIP LOCKED and a lease (leaseUntil), so
// any number of processes can share one database without sending an attempt twice, and a
// crashed process's claims simply expire and are picked up again. Workers wake on LISTEN/NOTIFY
// (publishes, retries), on a timer for the next known retry, and on a poll as a fallback.
// Concurrency is bounded overall and per endpoint: a claim takes at most as many rows of an
// endpoint as it has free slots, and an endpoint at its bound or over its rate limit is left out
// of the claim, so one slow endpoint never holds back the others.
//
// Each endpoint also gets a prefetch: up to as many claimed deliveries as its slots wait in memory,
// so when a request ends the next one starts at once instead of after a claim round trip (measured
// on the bench: that round trip, not CPU, was what bounded one endpoint's throughput).
import pg from "pg";
import { Prisma } from "../db/generated/client";
import { db, databaseUrl, hot } from "../db/client";
import { env } from "../env";
import { CONTEXT_COLUMNS, contextsFromRows, releaseClaims, type ContextRow, type DeliveryContext } from "../delivery/context";
import { performAttempt } from "../delivery/attempt";
import { deliveryPolicy } from "../delivery/policy";
import { DUE_CHANNEL } from "./hooks";
import { setLocalWake } from "./local-wake";
import { RateLimiter } from "./rate-limiter";

const POLL_MS = 1000;
const MAX_CLAIM = 200;
/** How many of the oldest due rows a claim picks from: twice its free slots, within these bounds. */
const MIN_WINDOW = 64;
const MAX_WINDOW = 512;
/** The endpoint-by-endpoint claim (see pump) runs at most this often. */
const DEEP_CLAIM_INTERVAL_MS = 100;

export interface LocalExecutorOptions {
  concurrency: number;
  perEndpointConcurrency: number;
  log?: (line: string) => void;
}

export class LocalExecutor {
  private inFlight = 0;
  private readonly perEndpoint = new Map<string, number>();
  /** Claimed (leased) deliveries waiting for a slot of their endpoint; they count against the
   * overall bound like running ones. */
  private readonly queued = new Map<string, DeliveryContext[]>();
  private queuedCount = 0;
  private readonly rateLimiter = new RateLimiter();
  private listener: pg.Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private pumping = false;
  /** The last pump stopped because every overall slot was taken. */
  private waitingForSlot = false;
  private nextDeepClaimAt = 0;
  private pumpAgain = false;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalExecutorOptions) {}

  async start(): Promise<void> {
    setLocalWake(() => this.wake());
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), POLL_MS);
    this.pollTimer.unref?.();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    setLocalWake(undefined);
    clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    await this.listener?.end().catch(() => {});
    // Hand the prefetched claims back at once rather than when their leases expire.
    const waiting = [...this.queued.values()].flat().map((ctx) => ctx.delivery.id);
    this.queued.clear();
    this.queuedCount = 0;
    await releaseClaims(waiting).catch(() => {});
    await this.whenIdle();
  }

  /** Resolves when no attempt is running (tests and shutdown). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pump()
      .catch((err) => this.options.log?.(`local executor: ${(err as Error).message}`))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.wake();
        }
      });
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl() });
    client.on("notification", () => this.wake());
    client.on("error", (err) => {
      this.options.log?.(`local executor: LISTEN connection lost (${err.message}); reconnecting`);
      this.listener = undefined;
      setTimeout(() => void (this.stopped ? undefined : this.listen().catch(() => {})), 1000).unref?.();
    });
    await client.connect();
    await client.query(`LISTEN ${DUE_CHANNEL}`);
    this.listener = client;
  }

  /** Claims and starts as many due deliveries as there are free slots. */
  private async pump(): Promise<void> {
    for (;;) {
      const free = this.options.concurrency - this.inFlight - this.queuedCount;
      this.waitingForSlot = free <= 0;
      if (free <= 0 || this.stopped) return;
      const limit = Math.min(free, MAX_CLAIM);
      const window = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, 2 * limit));
      const { claimed, windowFull } = await this.claimOldest(limit, window);
      await this.startAttempts(claimed);
      if (claimed.length === limit) continue; // there may be more: claim again while slots are free
      if (!windowFull) return; // every due row was in the window
      // The window held only part of the due rows, and could not fill the free slots from them
      // (their endpoints are at their bounds). Rows of other endpoints may be further back: look
      // for them endpoint by endpoint — not on every pump, it visits every endpoint with pending
      // deliveries.
      const wait = this.nextDeepClaimAt - Date.now();
      if (wait > 0) return this.wakeAt(this.nextDeepClaimAt);
      this.nextDeepClaimAt = Date.now() + DEEP_CLAIM_INTERVAL_MS;
      const left = Math.min(this.options.concurrency - this.inFlight - this.queuedCount, MAX_CLAIM);
      if (left > 0) await this.startAttempts(await this.claimPerEndpoint(left));
      return;
    }
  }

  /** Starts the claimed attempts (or queues them for their endpoint's next free slot); releases
   * those over a bound that changed meanwhile. */
  private async startAttempts(claimed: DeliveryContext[]): Promise<void> {
    // A claim that was on its way when the executor stopped: hand it straight back.
    if (this.stopped) return releaseClaims(claimed.map((ctx) => ctx.delivery.id));
    const release: string[] = [];
    let releaseAt: Date | undefined;
    for (const ctx of claimed) {
      const endpointId = ctx.endpoint.id;
      const running = this.perEndpoint.get(endpointId) ?? 0;
      if (running < this.options.perEndpointConcurrency) {
        // The claim took no more than the free slots and the tokens known before it; the first
        // attempts of an endpoint with a rate limit may still find fewer tokens than slots.
        const waitMs = this.rateLimiter.take(endpointId, ctx.endpoint.rateLimitPerSecond);
        if (waitMs > 0) {
          release.push(ctx.delivery.id);
          releaseAt = new Date(Date.now() + waitMs);
        } else this.run(endpointId, ctx);
        continue;
      }
      // At its bound: wait here for its next free slot. Not a rate-limited endpoint's: its tokens,
      // not its slots, decide when the next one may go.
      const queue = this.queued.get(endpointId) ?? [];
      if (!ctx.endpoint.rateLimitPerSecond && queue.length < this.options.perEndpointConcurrency && this.prefetchRoom() > 0) {
        queue.push(ctx);
        this.queued.set(endpointId, queue);
        this.queuedCount++;
      } else release.push(ctx.delivery.id);
    }
    if (release.length) {
      await releaseClaims(release, releaseAt);
      if (releaseAt) this.wakeAt(releaseAt.getTime());
    }
  }

  private run(endpointId: string, ctx: DeliveryContext): void {
    this.inFlight++;
    this.perEndpoint.set(endpointId, (this.perEndpoint.get(endpointId) ?? 0) + 1);
    // The per-endpoint bound is on requests at the receiver: its slot is free as soon as the HTTP
    // exchange is over, while the overall bound (inFlight) also covers the bookkeeping after it.
    let holdsEndpointSlot = true;
    const freeEndpointSlot = () => {
      if (!holdsEndpointSlot) return;
      holdsEndpointSlot = false;
      const left = (this.perEndpoint.get(endpointId) ?? 1) - 1;
      if (left === 0) this.perEndpoint.delete(endpointId);
      else this.perEndpoint.set(endpointId, left);
      this.startQueued(endpointId);
    };
    void performAttempt(ctx, () => {
      freeEndpointSlot();
      this.wake();
    })
      .then((result) => {
        if (result.nextAttemptAt) this.wakeAt(result.nextAttemptAt.getTime());
      })
      .catch((err) => this.options.log?.(`delivery attempt failed to run: ${(err as Error).stack}`))
      .finally(() => {
        this.inFlight--;
        freeEndpointSlot();
        if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        // The endpoint's slot woke the pump already; an overall slot matters only if the pump
        // stopped for want of one.
        if (this.waitingForSlot) this.wake();
      });
  }

  /** Starts the endpoint's next prefetched delivery in the slot just freed. */
  private startQueued(endpointId: string): void {
    const queue = this.queued.get(endpointId);
    if (!queue || this.stopped) return;
    const ctx = queue.shift()!;
    if (queue.length === 0) this.queued.delete(endpointId);
    this.queuedCount--;
    this.run(endpointId, ctx);
  }

  /**
   * How many more deliveries each endpoint may claim here: its free slots plus its free places in
   * the prefetch queue, and for a rate-limited endpoint that has been sending, its free slots and
   * whole tokens (it gets no prefetch). Endpoints not listed may take otherCap; those
   * listed with 0 none.
   */
  private endpointCaps(): { ids: string[]; caps: number[]; otherCap: number } {
    const perEndpoint = this.options.perEndpointConcurrency;
    const otherCap = perEndpoint + Math.min(perEndpoint, this.prefetchRoom());
    const tokens = this.rateLimiter.available();
    const ids: string[] = [];
    const caps: number[] = [];
    for (const id of new Set([...this.perEndpoint.keys(), ...this.queued.keys(), ...tokens.keys()])) {
      const running = this.perEndpoint.get(id) ?? 0;
      const left = tokens.get(id);
      const cap = Math.max(0, left === undefined ? otherCap - running - (this.queued.get(id)?.length ?? 0) : Math.min(perEndpoint - running, left));
      if (cap < otherCap) {
        ids.push(id);
        caps.push(cap);
      }
    }
    return { ids, caps, otherCap };
  }

  /** Places left for prefetched deliveries: they may fill only the first half of the overall
   * slots. Under load a prefetch gains nothing, and a stuck endpoint's queue must not take the
   * slots other endpoints need. */
  private prefetchRoom(): number {
    return Math.max(0, Math.floor(this.options.concurrency / 2) - this.inFlight - this.queuedCount);
  }

  /**
   * Claims up to `limit` due deliveries from the `window` oldest due rows, at most as many per
   * endpoint as its cap (a window function ranks each endpoint's rows), and loads what their
   * attempts need — one statement. Bounded work: an endpoint with a backlog of thousands at its
   * limit costs a look at `window` rows, not at its backlog. `windowFull`: there were more due rows
   * than the window held.
   */
  private async claimOldest(limit: number, window: number): Promise<{ claimed: DeliveryContext[]; windowFull: boolean }> {
    const { ids, caps, otherCap } = this.endpointCaps();
    const rows = await db().$queryRaw<(ContextRow & { windowRows: number })[]>`${hot("claim")}
      WITH cand AS (
        SELECT id, "endpointId", "nextAttemptAt" FROM "Delivery"
        WHERE status = 'pending' AND "nextAttemptAt" <= now()
          AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        ORDER BY "nextAttemptAt"
        LIMIT ${window}
      ), ranked AS (
        SELECT c.id,
          row_number() OVER (PARTITION BY c."endpointId" ORDER BY c."nextAttemptAt", c.id) AS rn,
          COALESCE(caps.cap, ${otherCap}) AS cap
        FROM cand c LEFT JOIN unnest(${ids}::text[], ${caps}::int[]) AS caps(endpoint_id, cap) ON caps.endpoint_id = c."endpointId"
      ), ${this.lockAndLease(Prisma.sql`SELECT id FROM ranked WHERE rn <= cap`, limit)}
      SELECT w."windowRows", claimed.*
      FROM (SELECT count(*)::int AS "windowRows" FROM cand) w
      LEFT JOIN (
        SELECT ${CONTEXT_COLUMNS}
        FROM d JOIN "Message" m ON m.id = d."messageId" JOIN "Endpoint" e ON e.id = d."endpointId"
      ) claimed ON true`;
    // One row even when nothing was claimed (then with a null id), for windowRows.
    const windowFull = rows[0].windowRows >= window;
    return { claimed: contextsFromRows(rows.filter((r) => r.id !== null)), windowFull };
  }

  /**
   * Claims up to `limit` due deliveries endpoint by endpoint: lists the endpoints with pending
   * deliveries (a skip scan of the partial index Delivery_pending_endpointId_nextAttemptAt_idx,
   * one probe per endpoint) and takes the oldest due rows of each up to its cap. Finds an
   * endpoint's deliveries however deep they are behind other endpoints' backlogs.
   */
  private async claimPerEndpoint(limit: number): Promise<DeliveryContext[]> {
    const { ids, caps, otherCap } = this.endpointCaps();
    const rows = await db().$queryRaw<ContextRow[]>`${hot("claim-per-endpoint")}
      WITH RECURSIVE eps AS (
        (SELECT "endpointId" AS id FROM "Delivery" WHERE status = 'pending' ORDER BY "endpointId" LIMIT 1)
        UNION ALL
        SELECT (SELECT x."endpointId" FROM "Delivery" x WHERE x.status = 'pending' AND x."endpointId" > eps.id
                ORDER BY x."endpointId" LIMIT 1)
        FROM eps WHERE eps.id IS NOT NULL
      ), open AS (
        SELECT eps.id, COALESCE(caps.cap, ${otherCap}) AS cap
        FROM eps LEFT JOIN unnest(${ids}::text[], ${caps}::int[]) AS caps(endpoint_id, cap) ON caps.endpoint_id = eps.id
        WHERE eps.id IS NOT NULL
      ), cand AS (
        SELECT due.id FROM open CROSS JOIN LATERAL (
          SELECT x.id FROM "Delivery" x
          WHERE x.status = 'pending' AND x."endpointId" = open.id AND x."nextAttemptAt" <= now()
            AND (x."leaseUntil" IS NULL OR x."leaseUntil" < now())
          ORDER BY x."nextAttemptAt"
          LIMIT open.cap
        ) due
        WHERE open.cap > 0
      ), ${this.lockAndLease(Prisma.sql`SELECT id FROM cand`, limit)}
      SELECT ${CONTEXT_COLUMNS}
      FROM d JOIN "Message" m ON m.id = d."messageId" JOIN "Endpoint" e ON e.id = d."endpointId"`;
    return contextsFromRows(rows);
  }

  /**
   * The CTEs `picked` and `d` of a claim: lock up to `limit` of the chosen rows (oldest first)
   * that are still due and unleased — SKIP LOCKED passes over rows another process is claiming,
   * and the conditions are checked again on the locked row, so a row claimed meanwhile is left
   * out — and lease them. `d` is the claimed rows, as updated.
   */
  private lockAndLease(chosen: Prisma.Sql, limit: number): Prisma.Sql {
    const leaseSeconds = deliveryPolicy().leaseMs / 1000;
    return Prisma.sql`picked AS (
        SELECT x.id FROM "Delivery" x
        WHERE x.id = ANY (ARRAY(${chosen}))
          AND x.status = 'pending' AND x."nextAttemptAt" <= now() AND (x."leaseUntil" IS NULL OR x."leaseUntil" < now())
        ORDER BY x."nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ), d AS (
        UPDATE "Delivery" u SET "leaseUntil" = now() + make_interval(secs => ${leaseSeconds})
        FROM picked WHERE u.id = picked.id
        RETURNING u.*
      )`;
  }

  /** Wakes when a known retry falls due, sooner than the poll would notice it. */
  private wakeAt(at: number): void {
    const delay = at - Date.now();
    if (delay > 60_000 || this.stopped) return;
    if (this.retryTimer && this.retryTimer.at <= at) return;
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, Math.max(0, delay) + 5);
    timer.unref?.();
    this.retryTimer = { at, timer };
  }
}

const globalForExecutor = globalThis as unknown as { hookyardLocalExecutor?: LocalExecutor };

/** Starts this process's workers once (Next may evaluate instrumentation more than once in dev). */
export async function startLocalExecutor(log: (line: string) => void = console.error): Promise<LocalExecutor> {
  if (globalForExecutor.hookyardLocalExecutor) return globalForExecutor.hookyardLocalExecutor;
  const e = env();
  const executor = new LocalExecutor({
    concurrency: e.HOOKYARD_WORKER_CONCURRENCY,
    perEndpointConcurrency: e.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT,
    log,
  });
  globalForExecutor.hookyardLocalExecutor = executor;
  await executor.start();
  return executor;
}
