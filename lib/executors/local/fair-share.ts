// How a worker shares its capacity between tenants, then between a tenant's endpoints.
//
// Three bounds per worker process: attempts in flight overall (HOOKYARD_WORKER_CONCURRENCY), per
// tenant (…_PER_TENANT) and per endpoint (…_PER_ENDPOINT). Within them, claims go round-robin:
// each tenant with due work gets its first delivery before any gets its second, and within a
// tenant each endpoint likewise (claims.ts ranks the candidates that way).
//
// Bounds alone do not keep a tenant from waiting: a few tenants whose endpoints never answer can
// each fill their per-tenant share until nothing is left, and a slot frees only when a request
// times out. So the last quarter of the slots is a reserve: a tenant may take from it only while
// it holds fewer than a quarter of its per-tenant share ("small"). A tenant that just got due work
// is small, and finds a slot at once however many others hang.
export interface FairShareLimits {
  capacity: number;
  perTenant: number;
  perEndpoint: number;
}

/** What a claim may take now, in the shape the claim statements read (claims.ts). */
export interface ClaimCaps {
  /** Slots free in all. */
  free: number;
  /** Of those, how many only small tenants may take. */
  reserve: number;
  /** A tenant holding fewer than this many slots is small. */
  small: number;
  perTenant: number;
  /** Endpoints with a cap below otherEndpointCap (busy, or rate limited), and their caps; and the
   * room each has left of its slots, its cap if its rate limit has been lifted meanwhile. */
  endpointIds: string[];
  endpointCaps: number[];
  endpointRooms: number[];
  otherEndpointCap: number;
  /** Tenants holding slots, with how many. */
  tenantIds: string[];
  tenantRunning: number[];
}

export class FairShare {
  private total = 0;
  private readonly byTenant = new Map<string, number>();
  private readonly byEndpoint = new Map<string, number>();
  /** Endpoints whose last request here ended since the last claim: the next claim refills them
   * too (they may have more due), though nothing of theirs runs any more. */
  private readonly idled = new Set<string>();

  constructor(readonly limits: FairShareLimits) {}

  get inFlight(): number {
    return this.total;
  }

  get free(): number {
    return Math.max(0, this.limits.capacity - this.total);
  }

  runningFor(endpointId: string): number {
    return this.byEndpoint.get(endpointId) ?? 0;
  }

  /** An attempt starts: it holds a slot overall, of its tenant and of its endpoint. */
  start(tenantId: string, endpointId: string): void {
    this.total++;
    bump(this.byTenant, tenantId, 1);
    bump(this.byEndpoint, endpointId, 1);
  }

  /** Its HTTP exchange is over: the receiver, and so the tenant and endpoint, are free of it. */
  sent(tenantId: string, endpointId: string): void {
    bump(this.byTenant, tenantId, -1);
    bump(this.byEndpoint, endpointId, -1);
    if (!this.byEndpoint.has(endpointId)) this.idled.add(endpointId);
  }

  /** Its bookkeeping is over too: the overall slot is free. */
  finished(): void {
    this.total--;
  }

  /** The caps of the next claim; `tokens` are the whole tokens left of rate-limited endpoints. */
  caps(tokens: Map<string, number>): ClaimCaps {
    const { capacity, perTenant, perEndpoint } = this.limits;
    const endpointIds: string[] = [];
    const endpointCaps: number[] = [];
    const endpointRooms: number[] = [];
    const refill = new Set([...this.byEndpoint.keys(), ...this.idled, ...tokens.keys()]);
    this.idled.clear();
    for (const id of refill) {
      const room = perEndpoint - (this.byEndpoint.get(id) ?? 0);
      const left = tokens.get(id);
      endpointIds.push(id);
      endpointCaps.push(Math.max(0, left === undefined ? room : Math.min(room, left)));
      endpointRooms.push(Math.max(0, room));
    }
    return {
      free: this.free,
      reserve: Math.floor(capacity / 4),
      small: Math.max(1, Math.floor(perTenant / 4)),
      perTenant,
      endpointIds,
      endpointCaps,
      endpointRooms,
      otherEndpointCap: perEndpoint,
      tenantIds: [...this.byTenant.keys()],
      tenantRunning: [...this.byTenant.values()],
    };
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
