// Per-endpoint rate limits (rateLimitPerSecond) for this process: a token bucket per endpoint
// holding at most one second's worth of tokens.
//
// The claims ask for no more of an endpoint's deliveries than it has tokens (available()), so a
// rate-limited endpoint with a backlog is claimed a few rows at a time rather than up to its slots
// and then mostly handed back: a hand-back rewrites the rows and pushes them past their due time
// (measured: 128 claimed and 124 handed back every second for four endpoints at 1/s). An endpoint's
// rate is learned from its claimed deliveries, so it is remembered while the endpoint is in use
// (until REMEMBER_MS after its last attempt), and forgotten as soon as a claim shows it unlimited.
interface Bucket {
  tokens: number;
  updatedAt: number;
  perSecond: number;
  lastTakenAt: number;
}

const REMEMBER_MS = 60_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token: 0 when the attempt may go now, else ms until a token is available. */
  take(endpointId: string, perSecond: number | null, now = Date.now()): number {
    if (!perSecond) {
      this.buckets.delete(endpointId); // its limit was lifted (or it never had one)
      return 0;
    }
    const bucket = this.refill(endpointId, perSecond, now);
    bucket.lastTakenAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }

  /** Whole tokens left now per rate-limited endpoint in use: how many of its deliveries a claim
   * may take. */
  available(now = Date.now()): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, bucket] of this.buckets) {
      if (now - bucket.lastTakenAt > REMEMBER_MS) {
        this.buckets.delete(id);
        continue;
      }
      out.set(id, Math.floor(this.refill(id, bucket.perSecond, now).tokens));
    }
    return out;
  }

  private refill(endpointId: string, perSecond: number, now: number): Bucket {
    let bucket = this.buckets.get(endpointId);
    if (!bucket || bucket.perSecond !== perSecond) {
      bucket = { tokens: perSecond, updatedAt: now, perSecond, lastTakenAt: now };
      this.buckets.set(endpointId, bucket);
    }
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}
