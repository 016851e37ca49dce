// The local executor: delivery workers inside the server process, backed by Postgres.
//
// Due deliveries are claimed in batches with FOR UPDATE SKIP LOCKED and a lease (leaseUntil), so
// any number of processes can share one database without sending an attempt twice, and a
// crashed process's claims simply expire and are picked up again. Workers wake on LISTEN/NOTIFY
// (publishes, retries), on a timer for the next known retry, and on a poll as a fallback.
// Concurrency is bounded overall and per endpoint; an endpoint at its bound or over its rate
// limit is left out of the claim, so one slow endpoint never holds back the others.
import pg from "pg";
import { Prisma } from "../db/generated/client";
import { db, databaseUrl } from "../db/client";
import { env } from "../env";
import { loadDeliveryContexts, releaseClaims } from "../delivery/context";
import { performAttempt } from "../delivery/attempt";
import { deliveryPolicy } from "../delivery/policy";
import { DUE_CHANNEL } from "./hooks";
import { setLocalWake } from "./local-wake";
import { RateLimiter } from "./rate-limiter";

const POLL_MS = 1000;
const MAX_CLAIM = 200;

export interface LocalExecutorOptions {
  concurrency: number;
  perEndpointConcurrency: number;
  log?: (line: string) => void;
}

export class LocalExecutor {
  private inFlight = 0;
  private readonly perEndpoint = new Map<string, number>();
  private readonly rateLimiter = new RateLimiter();
  private listener: pg.Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private pumping = false;
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
      const free = this.options.concurrency - this.inFlight;
      if (free <= 0 || this.stopped) return;
      const claimed = await this.claim(Math.min(free, MAX_CLAIM), this.saturatedEndpoints());
      if (claimed.length === 0) return;
      const contexts = await loadDeliveryContexts(claimed);
      const release: string[] = [];
      let releaseAt: Date | undefined;
      for (const id of claimed) {
        const ctx = contexts.get(id);
        if (!ctx) continue;
        const endpointId = ctx.endpoint.id;
        const running = this.perEndpoint.get(endpointId) ?? 0;
        const waitMs = this.rateLimiter.take(endpointId, ctx.endpoint.rateLimitPerSecond);
        if (running >= this.options.perEndpointConcurrency || waitMs > 0) {
          release.push(id);
          if (waitMs > 0) releaseAt = new Date(Date.now() + waitMs);
          continue;
        }
        this.run(endpointId, () => performAttempt(ctx));
      }
      if (release.length) {
        await releaseClaims(release, releaseAt);
        if (releaseAt) this.wakeAt(releaseAt.getTime());
      }
      if (claimed.length < Math.min(free, MAX_CLAIM)) return;
    }
  }

  private run(endpointId: string, attempt: () => ReturnType<typeof performAttempt>): void {
    this.inFlight++;
    this.perEndpoint.set(endpointId, (this.perEndpoint.get(endpointId) ?? 0) + 1);
    void attempt()
      .then((result) => {
        if (result.nextAttemptAt) this.wakeAt(result.nextAttemptAt.getTime());
      })
      .catch((err) => this.options.log?.(`delivery attempt failed to run: ${(err as Error).stack}`))
      .finally(() => {
        this.inFlight--;
        const left = (this.perEndpoint.get(endpointId) ?? 1) - 1;
        if (left === 0) this.perEndpoint.delete(endpointId);
        else this.perEndpoint.set(endpointId, left);
        if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        this.wake();
      });
  }

  /** Endpoints this process may not start another attempt for right now. */
  private saturatedEndpoints(): string[] {
    const full = [...this.perEndpoint].filter(([, n]) => n >= this.options.perEndpointConcurrency).map(([id]) => id);
    return [...full, ...this.rateLimiter.exhausted()];
  }

  private async claim(limit: number, excluded: string[]): Promise<string[]> {
    const leaseSeconds = deliveryPolicy().leaseMs / 1000;
    const notExcluded = excluded.length ? Prisma.sql`AND "endpointId" NOT IN (${Prisma.join(excluded)})` : Prisma.empty;
    const rows = await db().$queryRaw<{ id: string }[]>`
      WITH due AS (
        SELECT id FROM "Delivery"
        WHERE status = 'pending' AND "nextAttemptAt" <= now()
          AND ("leaseUntil" IS NULL OR "leaseUntil" < now()) ${notExcluded}
        ORDER BY "nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "Delivery" d SET "leaseUntil" = now() + make_interval(secs => ${leaseSeconds})
      FROM due WHERE d.id = due.id
      RETURNING d.id`;
    return rows.map((r) => r.id);
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
