// The local executor's claims: which due deliveries a worker takes next, fairly (fair-share.ts),
// leased and loaded in one statement. The claim and lease rules themselves are lib/delivery/lease.ts.
//
// Two ways to find candidates:
// - claimDue: the oldest due rows of each endpoint running here, up to its free slots (refilling
//   a busy endpoint costs one index probe, not a scan), plus the `window` oldest due rows of all
//   (an index range scan) when new work may be waiting. Enough while the due rows are few or
//   spread over endpoints with room.
// - claimPerEndpoint: every endpoint with pending deliveries (a skip scan of the partial index
//   Delivery_pending_endpointId_nextAttemptAt_idx, one probe per endpoint) and the oldest due rows
//   of each. Finds an endpoint's deliveries however deep they are behind another endpoint's
//   backlog — a hanging endpoint's due rows fill any window — at the cost of visiting every
//   endpoint with pending work; run only when the window was full and slots are left.
import { Prisma } from "../../db/generated/client";
import { hot, hotQuery } from "../../db/client";
import { CONTEXT_ENDPOINTS, CONTEXT_SELECT, contextsFromRows, type ContextRow, type DeliveryContext } from "../../delivery/context";
import { claimable, lockAndLease } from "../../delivery/lease";
import type { ClaimCaps } from "./fair-share";

/** The most deliveries one claim statement takes. */
export const MAX_CLAIM = 200;
/** How many of the oldest due rows a claim picks from: twice its limit rounded up to a power of
 * two, within these bounds (see windowSize). */
const MIN_WINDOW = 64;
const MAX_WINDOW = 512;

/** The window for a claim of `limit` rows: 64, 128, 256 or 512. The claims run on kept plans
 * (keptPlanDb: "Plans" in db/client.ts), so each LIMIT is a constant in the text — one statement
 * per window size — and `status = 'pending'` a literal (claimable). */
export function windowSize(limit: number): number {
  let size = MIN_WINDOW;
  while (size < 2 * limit && size < MAX_WINDOW) size *= 2;
  return size;
}

/**
 * The CTE `endpoint_caps` (id, cap): how many more deliveries each endpoint named in `caps` may
 * have. A rate-limited endpoint's cap is its tokens (rate-limiter.ts) — unless its limit was lifted
 * since this worker learned it: then the room it has left, at once, rather than after a token
 * shows the claim that the limit is gone.
 */
function endpointCaps(caps: ClaimCaps): Prisma.Sql {
  return Prisma.sql`endpoint_caps AS (
      SELECT ec.id, CASE WHEN ec.cap < ec.room
          AND NOT EXISTS (SELECT 1 FROM "Endpoint" e WHERE e.id = ec.id AND e."rateLimitPerSecond" IS NOT NULL)
        THEN ec.room ELSE ec.cap END AS cap
      FROM unnest(${caps.endpointIds}::text[], ${caps.endpointCaps}::int[], ${caps.endpointRooms}::int[]) AS ec(id, cap, room)
    )`;
}

/**
 * The ids to claim among `cand` (a CTE of id, endpointId, tenantId, nextAttemptAt): at most each
 * endpoint's cap, then at most each tenant's, ranked round-robin (every tenant's first before any
 * tenant's second, and within a tenant by endpoint likewise); small tenants first, and the reserve
 * left to them (fair-share.ts).
 */
function fairChoice(caps: ClaimCaps, limit: number): Prisma.Sql {
  if (limit > MAX_CLAIM) throw new Error(`a claim takes at most ${MAX_CLAIM} rows (asked for ${limit})`);
  return Prisma.sql`by_endpoint AS (
      SELECT c.id, c."tenantId", c."nextAttemptAt",
        row_number() OVER (PARTITION BY c."endpointId" ORDER BY c."nextAttemptAt", c.id) AS rn_e,
        COALESCE(ec.cap, ${caps.otherEndpointCap}::int) AS cap_e
      FROM cand c LEFT JOIN endpoint_caps ec ON ec.id = c."endpointId"
    ), by_tenant AS (
      SELECT b.id, b."nextAttemptAt", COALESCE(tr.running, 0) AS running,
        row_number() OVER (PARTITION BY b."tenantId" ORDER BY b.rn_e, b."nextAttemptAt", b.id) AS rn_t
      FROM by_endpoint b LEFT JOIN unnest(${caps.tenantIds}::text[], ${caps.tenantRunning}::int[]) AS tr(id, running) ON tr.id = b."tenantId"
      WHERE b.rn_e <= b.cap_e
    ), ranked AS (
      SELECT id, (running + rn_t > ${caps.small}::int) AS big,
        row_number() OVER (ORDER BY (running + rn_t > ${caps.small}::int), rn_t, "nextAttemptAt", id) AS k
      FROM by_tenant WHERE running + rn_t <= ${caps.perTenant}::int
    ), chosen AS (
      SELECT id FROM ranked
      WHERE k <= CASE WHEN big THEN ${caps.free - caps.reserve}::int ELSE ${caps.free}::int END AND k <= ${limit}::int
      ORDER BY k LIMIT ${Prisma.raw(String(MAX_CLAIM))}
    )`;
}

/** The candidates for endpoints given as `endpoints` (a FROM item with columns id and cap): the
 * oldest claimable rows of each, up to its cap — one probe of the partial index per endpoint. */
function oldestOfEach(endpoints: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT due.* FROM ${endpoints} CROSS JOIN LATERAL (
      SELECT x.id, x."endpointId", x."tenantId", x."nextAttemptAt" FROM "Delivery" x
      WHERE x."endpointId" = b.id AND ${claimable("x")}
      ORDER BY x."nextAttemptAt"
      LIMIT b.cap
    ) due
    WHERE b.cap > 0`;
}

export interface ClaimResult {
  claimed: DeliveryContext[];
  /** There were more due rows than the window held. */
  windowFull: boolean;
  /** Due rows in the window of endpoints not running here were left unclaimed: other work waits
   * for slots, so the next claims must look at it too (not only refill the running endpoints). */
  othersWaiting: boolean;
  /** The window held every due row (it was not full) and all of them were claimed: nothing due
   * is left until new work comes (a notification, a retry's time, the poll). */
  allTaken: boolean;
}

/** claimDue's statement: `window` is windowSize(limit), or 0 not to look beyond the running
 * endpoints. */
export function claimDueStatement(caps: ClaimCaps, limit: number, window: number, claimId: string): Prisma.Sql {
  return Prisma.sql`${hot("claim")}
    WITH ${endpointCaps(caps)}, oldest AS (
      SELECT d.id, d."endpointId", d."tenantId", d."nextAttemptAt" FROM "Delivery" d
      WHERE ${claimable("d")}
      ORDER BY d."nextAttemptAt"
      LIMIT ${Prisma.raw(String(window))}
    ), refill AS (
      ${oldestOfEach(Prisma.sql`endpoint_caps AS b`)}
    ), cand AS (
      SELECT * FROM oldest UNION SELECT * FROM refill
    ), ${fairChoice(caps, limit)}, ${lockAndLease(Prisma.sql`SELECT id FROM chosen`, MAX_CLAIM, claimId)}, ${CONTEXT_ENDPOINTS}
    SELECT w."windowRows", w."othersWaiting", claimed.*
    FROM (
      SELECT count(*)::int AS "windowRows",
        count(*) FILTER (WHERE o.id NOT IN (SELECT id FROM d) AND o."endpointId" <> ALL (${caps.endpointIds}::text[])
          AND o."endpointId" NOT IN (SELECT "endpointId" FROM d))::int AS "othersWaiting"
      FROM oldest o
    ) w
    LEFT JOIN (${CONTEXT_SELECT}) claimed ON true`;
}

/**
 * Claims up to `limit` due deliveries and loads what their attempts need: the oldest due rows of
 * each endpoint already running here, up to its free slots (a probe of the partial index per
 * endpoint: what refills a busy endpoint), and, when `discover`, the windowSize(limit) oldest due
 * rows of all (what finds new work). `claimId` names the statement (see releaseLostClaims).
 */
export async function claimDue(caps: ClaimCaps, limit: number, discover: boolean, claimId: string): Promise<ClaimResult> {
  const readAt = performance.now();
  const window = discover ? windowSize(limit) : 0;
  const rows = (await hotQuery<ContextRow & { windowRows: number; othersWaiting: number }>(claimDueStatement(caps, limit, window, claimId), "keptPlan")).rows;
  // One row even when nothing was claimed (then with a null id), for the window's figures.
  const claimed = contextsFromRows(rows.filter((r) => r.id !== null), readAt);
  return {
    claimed,
    windowFull: discover && rows[0].windowRows >= window,
    othersWaiting: rows[0].othersWaiting > 0,
    allTaken: discover && rows[0].windowRows < window && claimed.length >= rows[0].windowRows,
  };
}

/** Claims up to `limit` due deliveries endpoint by endpoint (see the top of this file). */
export async function claimPerEndpoint(caps: ClaimCaps, limit: number, claimId: string): Promise<DeliveryContext[]> {
  const readAt = performance.now();
  const rows = (await hotQuery<ContextRow>(Prisma.sql`${hot("claim-per-endpoint")}
    WITH RECURSIVE ${endpointCaps(caps)}, eps AS (
      (SELECT "endpointId" AS id FROM "Delivery" WHERE status = 'pending' ORDER BY "endpointId" LIMIT 1)
      UNION ALL
      SELECT (SELECT x."endpointId" FROM "Delivery" x WHERE x.status = 'pending' AND x."endpointId" > eps.id
              ORDER BY x."endpointId" LIMIT 1)
      FROM eps WHERE eps.id IS NOT NULL
    ), open AS (
      SELECT eps.id AS id, LEAST(COALESCE(ec.cap, ${caps.otherEndpointCap}::int), ${caps.perTenant}::int - COALESCE(tr.running, 0)) AS cap
      FROM eps
      JOIN "Endpoint" e ON e.id = eps.id
      LEFT JOIN endpoint_caps ec ON ec.id = eps.id
      LEFT JOIN unnest(${caps.tenantIds}::text[], ${caps.tenantRunning}::int[]) AS tr(id, running) ON tr.id = e."tenantId"
    ), cand AS (
      ${oldestOfEach(Prisma.sql`open AS b`)}
    ), ${fairChoice(caps, limit)}, ${lockAndLease(Prisma.sql`SELECT id FROM chosen`, MAX_CLAIM, claimId)}, ${CONTEXT_ENDPOINTS}
    ${CONTEXT_SELECT}`, "keptPlan")).rows;
  return contextsFromRows(rows, readAt);
}
