// What a replay takes, for a dry run and for the replay itself: the endpoint's deliveries in the
// states asked for, and the messages it never got a delivery of ("missing": skipped while it was
// disabled, or published before it subscribed) that it would receive today — its event types and
// its version pins (lines.ts) — in publish order, test messages left out.
import type { Endpoint } from "../db/generated/client";
import type { DbTx } from "../db/client";
import { firstIdAt } from "../ids";
import { findEventTypeCached } from "../event-types/event-types";
import { receives } from "../event-types/lines";
import type { ReplayStatusFilter } from "../schemas/replays";

/** The most one replay takes: one transaction writes them all. */
export const MAX_REPLAY = 50_000;
/** Id bounds are made from the app's clock, createdAt by the database's: a margin for skew. */
const CLOCK_MARGIN_MS = 60_000;

export interface ReplayFilter {
  statuses: ReplayStatusFilter[];
  eventTypes: string[];
  since: Date;
  until: Date;
}

export interface Target {
  messageId: string;
  messageCreatedAt: Date;
  eventType: string;
  /** The existing delivery, or null for a missing message. */
  deliveryId: string | null;
  previousStatus: "succeeded" | "failed" | "canceled" | null;
}

/** Up to MAX_REPLAY + 1 targets (one more tells the caller there are too many), oldest first. */
export async function findTargets(db: DbTx, endpoint: Endpoint, f: ReplayFilter): Promise<Target[]> {
  const types = f.eventTypes.length ? f.eventTypes : null;
  const lowId = firstIdAt("message", f.since.getTime() - CLOCK_MARGIN_MS);
  const highId = firstIdAt("message", f.until.getTime() + CLOCK_MARGIN_MS);
  // A delivery's id is of its message's time too (made at publish, or by a replay at the message's
  // time), so the endpoint's (endpointId, id) index narrows the scan to the range.
  const lowDelivery = firstIdAt("delivery", f.since.getTime() - CLOCK_MARGIN_MS);
  const highDelivery = firstIdAt("delivery", f.until.getTime() + CLOCK_MARGIN_MS);
  const statuses = f.statuses.filter((s) => s !== "missing");
  const existing = statuses.length
    ? await db.$queryRaw<Target[]>`
        SELECT m.id AS "messageId", m."createdAt" AS "messageCreatedAt", m."eventType", d.id AS "deliveryId", d.status::text AS "previousStatus"
        FROM "Delivery" d JOIN "Message" m ON m.id = d."messageId"
        WHERE d."endpointId" = ${endpoint.id} AND d.id >= ${lowDelivery} AND d.id < ${highDelivery}
          AND d.status::text = ANY (${statuses}::text[]) AND NOT m."isTest"
          AND m.id >= ${lowId} AND m.id < ${highId} AND m."createdAt" >= ${f.since} AND m."createdAt" < ${f.until}
          AND (${types}::text[] IS NULL OR d."eventType" = ANY (${types}::text[]))
        ORDER BY m.id
        LIMIT ${MAX_REPLAY + 1}`
    : [];
  const missing = f.statuses.includes("missing") ? await findMissing(db, endpoint, f, types, lowId, highId) : [];
  return [...existing, ...missing].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)).slice(0, MAX_REPLAY + 1);
}

async function findMissing(db: DbTx, endpoint: Endpoint, f: ReplayFilter, types: string[] | null, lowId: string, highId: string): Promise<Target[]> {
  const subscribed = endpoint.eventTypes.length ? endpoint.eventTypes : null;
  const rows = await db.$queryRaw<(Target & { version: number })[]>`
    SELECT m.id AS "messageId", m."createdAt" AS "messageCreatedAt", m."eventType", m.version, NULL AS "deliveryId", NULL AS "previousStatus"
    FROM "Message" m
    WHERE m."tenantId" = ${endpoint.tenantId} AND NOT m."isTest"
      AND m.id >= ${lowId} AND m.id < ${highId} AND m."createdAt" >= ${f.since} AND m."createdAt" < ${f.until}
      AND (${subscribed}::text[] IS NULL OR m."eventType" = ANY (${subscribed}::text[]))
      AND (${types}::text[] IS NULL OR m."eventType" = ANY (${types}::text[]))
      AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."messageId" = m.id AND d."endpointId" = ${endpoint.id})
    ORDER BY m.id
    LIMIT ${MAX_REPLAY + 1}`;
  // The version rule in code: a handful of types, each looked up once (cached).
  const pins = endpoint.pinnedVersions as Record<string, number>;
  const out: Target[] = [];
  for (const { version, ...row } of rows) {
    const type = await findEventTypeCached(row.eventType);
    if (type && receives(type.versions, version, pins[row.eventType])) out.push(row);
  }
  return out;
}
