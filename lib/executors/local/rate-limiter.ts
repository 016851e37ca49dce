// Per-endpoint rate limits (rateLimitPerSecond) for this process: a token bucket per endpoint
// holding at most one second's worth of tokens.
interface Bucket {
  tokens: number;
  updatedAt: number;
  perSecond: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token: 0 when the attempt may go now, else ms until a token is available. */
  take(endpointId: string, perSecond: number | null, now = Date.now()): number {
    if (!perSecond) return 0;
    const bucket = this.refill(endpointId, perSecond, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }

  /** Endpoints with no token left now. */
  exhausted(now = Date.now()): string[] {
    const out: string[] = [];
    for (const [id, bucket] of this.buckets) {
      if (this.refill(id, bucket.perSecond, now).tokens < 1) out.push(id);
      else if (bucket.tokens >= bucket.perSecond) this.buckets.delete(id); // full again: forget it
    }
    return out;
  }

  /** Whole tokens left now per rate-limited endpoint that has used some (a full bucket is
   * forgotten: it limits nothing until the endpoint's next attempt). */
  available(now = Date.now()): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, bucket] of this.buckets) {
      const { tokens, perSecond } = this.refill(id, bucket.perSecond, now);
      if (tokens >= perSecond) this.buckets.delete(id);
      else out.set(id, Math.floor(tokens));
    }
    return out;
  }

  private refill(endpointId: string, perSecond: number, now: number): Bucket {
    let bucket = this.buckets.get(endpointId);
    if (!bucket || bucket.perSecond !== perSecond) {
      bucket = { tokens: perSecond, updatedAt: now, perSecond };
      this.buckets.set(endpointId, bucket);
    }
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}
