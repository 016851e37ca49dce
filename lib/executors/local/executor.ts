// The local executor: a worker that claims due deliveries from PostgreSQL and sends them.
//
// It claims with FOR UPDATE SKIP LOCKED under leases (lib/delivery/lease.ts), so any number of
// workers on any machines can share one database; it wakes on LISTEN/NOTIFY, on a timer for the
// next known retry, and on a poll as a fallback. Capacity is shared fairly between tenants, then
// endpoints (fair-share.ts, claims.ts), each endpoint has a connection pool of its own, and a
// claimed delivery is sent at once — nothing waits in memory holding a slot or a lease.
//
// On stop (SIGTERM) it claims nothing new, lets requests in flight run for the shutdown grace,
// cuts the rest short (recorded as interrupted) and waits for every record to land.
import { setMaxListeners } from "node:events";
import { newClaimId, promoteNextInLine, releaseClaims, releaseLostClaims, sweepForInterrupted, type Lease, type SweepCursor, type SweepScope } from "../../delivery/lease";
import { NotSent, performAttempt } from "../../delivery/attempt";
import { assertDeliveryListenersSet } from "../../delivery/events";
import { deliveryPolicy } from "../../delivery/policy";
import type { DeliveryContext } from "../../delivery/context";
import { closeAllAgents } from "../../delivery/http-client";
import { recorderStalled } from "../../delivery/record";
import { claimRan } from "../../delivery/telemetry";
import { MAX_CLAIM, claimDue, claimPerEndpoint } from "./claims";
import { FairShare } from "./fair-share";
import { DueListener } from "./listener";
import { RateLimiter } from "./rate-limiter";
import { setLocalWake } from "./wake";
import { RETENTION_SWEEP_MS, runRetentionSweep } from "../../retention/sweeper";

const POLL_MS = 1000;
/** How often each worker looks for attempts of workers that died mid-request (a chunk of the due
 * deliveries; of the canceled ones every CANCELED_RECLAIM_EVERY-th time: see SweepScope). */
const RECLAIM_MS = 5000;
const CANCELED_RECLAIM_EVERY = 12;
/** The endpoint-by-endpoint claim runs at most this often; and while every due delivery is
 * blocked by a bound, new work (a notification) is looked at no more often either. */
const DEEP_CLAIM_INTERVAL_MS = 100;
/** While every due delivery in a (not full) window is blocked by a bound, new work is looked at
 * no more often than this: what a publish to another endpoint may wait meanwhile. */
const BLOCKED_RECHECK_MS = 25;
/** After the grace, cut-short attempts still need recording; wait this long for the database. */
const RECORD_WAIT_MS = 10_000;

export interface LocalExecutorOptions {
  concurrency: number;
  perTenantConcurrency: number;
  perEndpointConcurrency: number;
  /** How long stop() lets requests in flight run before cutting them short. */
  shutdownGraceMs: number;
  log?: (line: string) => void;
}

export class LocalExecutor {
  private readonly share: FairShare;
  private readonly running = new Set<Promise<void>>();
  private readonly interrupt = new AbortController();
  private readonly rateLimiter = new RateLimiter();
  private readonly listener: DueListener;
  private readonly timers: NodeJS.Timeout[] = [];
  private retryTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private pumping = false;
  /** What woke the executor while it was pumping: it pumps again for that once it is done. */
  private pumpAgain: "work" | "slot" | undefined;
  /** The last pump stopped because every slot was taken. */
  private waitingForSlot = false;
  /** The last pump found due deliveries but could claim none (all blocked by bounds). */
  private blockedUntil = 0;
  /** New work may be waiting beyond the endpoints running here (something was published, a retry
   * fell due, or the last look left some unclaimed): the next claim looks at the oldest due rows
   * of all, not only at the running endpoints' own. */
  private discoverNeeded = true;
  /** Due deliveries may be left that a freed slot could take. False after a look that claimed
   * every due row: then a slot coming back has nothing to refill (new work wakes as "work"), and
   * the claim it would run — one per request at a steady trickle — is skipped. */
  private dueLeft = true;
  private nextDeepClaimAt = 0;
  private reclaimRounds = 0;
  /** Where each sweep for dead holders' attempts goes on from (sweepForInterrupted). */
  private readonly sweepFrom: Record<SweepScope, SweepCursor> = { due: null, canceled: null };
  /** Claims to hand back that could not be handed back yet (the database was away): leases over a
   * rate limit or left at stop, and the ids of claim statements whose answers were lost, each with
   * until when to keep trying — such a statement may still commit once the database answers again
   * (a frozen server resumes it), so its release is repeated until its lease would have expired. */
  private readonly unreleased = { claims: new Map<string, number>(), leases: [] as Lease[] };
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalExecutorOptions) {
    this.share = new FairShare({
      capacity: options.concurrency,
      perTenant: options.perTenantConcurrency,
      perEndpoint: options.perEndpointConcurrency,
    });
    this.listener = new DueListener(() => this.wake(), (line) => this.log(line));
    setMaxListeners(0, this.interrupt.signal); // one listener per request in flight
  }

  async start(): Promise<void> {
    assertDeliveryListenersSet();
    setLocalWake(() => this.wake());
    await this.listener.start();
    this.timers.push(
      setInterval(() => this.wake(), POLL_MS),
      setInterval(() => void this.reclaim(), RECLAIM_MS),
      setInterval(() => void this.releaseLeftovers(), POLL_MS),
      setInterval(() => void runRetentionSweep((line) => this.log(line)), RETENTION_SWEEP_MS),
    );
    for (const t of this.timers) t.unref?.();
    void this.reclaim();
    this.wake();
  }

  /** Attempts in flight (sent or being recorded). */
  get inFlight(): number {
    return this.share.inFlight;
  }

  get listening(): boolean {
    return this.listener.connected;
  }

  /**
   * Claims nothing more, lets requests in flight run for `graceMs`, cuts the rest short, and waits
   * up to `recordWaitMs` for their records to land. Those that cannot (the database is away) keep
   * their write-ahead mark, so whoever claims the delivery next records them as interrupted.
   */
  async stop(graceMs = this.options.shutdownGraceMs, { recordWaitMs = RECORD_WAIT_MS } = {}): Promise<void> {
    if (this.stopped) return this.whenIdle();
    this.stopped = true;
    setLocalWake(undefined);
    for (const t of this.timers) clearInterval(t);
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    await this.listener.stop();
    if (!(await this.idleWithin(graceMs))) {
      this.log(`shutting down: cutting ${this.share.inFlight} request(s) short after the ${graceMs} ms grace`);
      this.interrupt.abort(`Cut short: the worker shut down (its grace of ${graceMs} ms for requests in flight ran out)`);
      if (!(await this.idleWithin(recordWaitMs))) {
        this.log(`shutting down: ${this.share.inFlight} attempt(s) not recorded (database unavailable); they will be recorded as interrupted`);
      }
    }
    await this.releaseLeftovers();
    await closeAllAgents();
  }

  /** Resolves when no attempt is running (tests and shutdown). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private idleWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.whenIdle().then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Looks for due work. "work": something may have become due (a notification, the poll, a timer):
   * look at the oldest due rows of all. "slot": a slot came back: refill the running endpoints —
   * and look at all due rows too while other work is known to wait — even if the last look found
   * everything blocked.
   */
  wake(reason: "work" | "slot" = "work"): void {
    if (this.stopped) return;
    if (reason === "work") {
      this.discoverNeeded = true;
      if (Date.now() < this.blockedUntil) return this.wakeAt(this.blockedUntil);
    } else if (!this.dueLeft && !this.discoverNeeded) return;
    if (this.pumping) {
      if (this.pumpAgain !== "slot") this.pumpAgain = reason;
      return;
    }
    this.pumping = true;
    void this.pump()
      .catch((err) => this.log(`claim failed: ${(err as Error).message.split("\n").filter(Boolean).at(-1)}`))
      .finally(() => {
        this.pumping = false;
        const again = this.pumpAgain;
        this.pumpAgain = undefined;
        // Only news of work: it waits out a block the pump just found (every due delivery held
        // back by a bound), as if it had come after the pump.
        if (again) this.wake(again);
      });
  }

  /** Claims and starts as many due deliveries as the bounds allow. */
  private async pump(): Promise<void> {
    for (;;) {
      // While records cannot land (database away), claim nothing: they come first.
      if (this.stopped) return;
      if (recorderStalled()) return this.wakeAt(Date.now() + 500);
      const free = this.share.free;
      this.waitingForSlot = free <= 0;
      this.dueLeft = true;
      if (free <= 0) return;
      const limit = Math.min(free, MAX_CLAIM);
      const discover = this.discoverNeeded;
      this.discoverNeeded = false;
      const { claimed, windowFull, othersWaiting, allTaken } = await this.claim((id) => claimDue(this.caps(), limit, discover, id));
      claimRan("due", claimed.length);
      if (othersWaiting) this.discoverNeeded = true;
      this.dueLeft = !allTaken;
      await this.startAll(claimed);
      if (claimed.length === limit) continue; // there may be more: claim again while slots are free
      if (!windowFull) {
        // Every due row was in the window. If there were some and none could be taken, they are
        // all held back by bounds (a rate-limited endpoint's backlog, endpoints or tenants at
        // their caps): news of more work waits a moment, so that a stream of publishes is looked
        // at in a few claims rather than re-reading the same blocked rows once per publish
        // (~1.8 ms of PostgreSQL each, measured behind a rate-limited endpoint's backlog).
        if (discover && claimed.length === 0 && !allTaken) this.blockedUntil = Date.now() + BLOCKED_RECHECK_MS;
        return;
      }
      // The window held only part of the due rows and could not fill the free slots from them
      // (their endpoints or tenants are at their bounds). Others may be further back.
      const wait = this.nextDeepClaimAt - Date.now();
      if (wait > 0) {
        // Nothing in the window could be claimed: news of more work waits for the deep claim too,
        // else every publish's notification re-reads the same blocked window (a rate-limited
        // endpoint's backlog: ~25 claims/s that took nothing, measured).
        if (claimed.length === 0) this.blockedUntil = this.nextDeepClaimAt;
        return this.wakeAt(this.nextDeepClaimAt);
      }
      this.nextDeepClaimAt = Date.now() + DEEP_CLAIM_INTERVAL_MS;
      const left = Math.min(this.share.free, MAX_CLAIM);
      const deep = left > 0 ? await this.claim((id) => claimPerEndpoint(this.caps(), left, id)) : [];
      if (left > 0) claimRan("per_endpoint", deep.length);
      await this.startAll(deep);
      if (claimed.length === 0 && deep.length === 0) this.blockedUntil = this.nextDeepClaimAt;
      return;
    }
  }

  private caps() {
    return this.share.caps(this.rateLimiter.available());
  }

  /** Runs a claim statement under a new claim id; if its answer is lost, what it may have taken
   * is handed back (we never saw those rows, so we sent none of them). */
  private async claim<T>(run: (claimId: string) => Promise<T>): Promise<T> {
    const claimId = newClaimId();
    try {
      return await run(claimId);
    } catch (err) {
      this.unreleased.claims.set(claimId, Date.now() + deliveryPolicy().leaseMs);
      void this.releaseLeftovers();
      throw err;
    }
  }

  /** Hands back the claims that could not be handed back before (see `unreleased`). */
  private async releaseLeftovers(): Promise<void> {
    const { claims, leases } = this.unreleased;
    const now = Date.now();
    for (const [id, until] of claims) if (until < now) claims.delete(id);
    if (claims.size === 0 && leases.length === 0) return;
    const held = leases.splice(0);
    try {
      await releaseLostClaims([...claims.keys()]);
      await releaseClaims(held);
    } catch {
      leases.push(...held);
    }
  }

  /** Hands claims back now, or later if the database is away. */
  private async release(leases: Lease[], retryAt?: Date): Promise<void> {
    this.dueLeft = true;
    try {
      await releaseClaims(leases, retryAt);
    } catch {
      this.unreleased.leases.push(...leases);
    }
  }

  /** Starts the claimed attempts; hands back those over a rate limit (due again when a token
   * is) and any claimed as the executor stopped. */
  private async startAll(claimed: DeliveryContext[]): Promise<void> {
    if (this.stopped) return this.release(claimed.map((ctx) => ctx.lease));
    const later: DeliveryContext[] = [];
    let retryAt = 0;
    for (const ctx of claimed) {
      const waitMs = this.rateLimiter.take(ctx.endpoint.id, ctx.endpoint.rateLimitPerSecond);
      if (waitMs > 0) {
        later.push(ctx);
        retryAt = Math.max(retryAt, Date.now() + waitMs);
      } else this.run(ctx);
    }
    if (later.length) {
      await this.release(later.map((ctx) => ctx.lease), new Date(retryAt));
      this.wakeAt(retryAt);
    }
  }

  private run(ctx: DeliveryContext): void {
    const { tenantId } = ctx.delivery;
    const endpointId = ctx.endpoint.id;
    this.share.start(tenantId, endpointId);
    // The tenant's and endpoint's slots are free as soon as the HTTP exchange is over; the overall
    // one (share.finished) also covers the bookkeeping after it.
    let sent = false;
    const onSent = () => {
      if (sent) return;
      sent = true;
      this.share.sent(tenantId, endpointId);
      this.wake("slot");
    };
    const attempt: Promise<void> = performAttempt(ctx, {
      onSent,
      interrupt: this.interrupt.signal,
      endpointConnections: this.options.perEndpointConcurrency,
    })
      .then((result) => {
        if (result.nextAttemptAt) this.wakeAt(result.nextAttemptAt.getTime());
        // An ordered delivery that finished made the next one of its endpoint due (record.ts).
        if (ctx.delivery.ordered && result.status && result.status !== "pending") this.wake();
      })
      .catch((err) => {
        // Nothing was sent: hand the claim back now (or once the database is back).
        if (err instanceof NotSent) return this.release([err.lease]);
        this.log(`delivery attempt failed to run: ${(err as Error).stack}`);
      })
      .finally(() => {
        onSent();
        this.share.finished();
        this.running.delete(attempt);
        if (this.running.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        if (this.waitingForSlot) this.wake("slot");
      });
    this.running.add(attempt);
  }

  /** Records the attempts of workers that died mid-request, making their deliveries due again;
   * makes due the ordered deliveries a race left waiting. */
  private async reclaim(): Promise<void> {
    try {
      const canceledToo = this.reclaimRounds++ % CANCELED_RECLAIM_EVERY === 0;
      const reclaimed = (await this.sweep("due")) + (canceledToo ? await this.sweep("canceled") : 0);
      if (reclaimed + (await promoteNextInLine()) > 0) this.wake();
    } catch {
      // The database is away: the next round tries again.
    }
  }

  /** One round of a sweep for dead holders' attempts; returns how many it recorded. */
  private async sweep(scope: SweepScope): Promise<number> {
    const { reclaimed, next } = await sweepForInterrupted(scope, this.sweepFrom[scope]);
    this.sweepFrom[scope] = next;
    return reclaimed;
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

  private log(line: string): void {
    this.options.log?.(`local executor: ${line}`);
  }
}
