// Everything one attempt needs, loaded for a batch of claimed deliveries: the delivery and its
// lease, its endpoint with the secrets that sign now, and its message. Either as the result rows
// of a claim that selects CONTEXT_COLUMNS (the local executor claims and loads in one statement),
// or by lease (loadClaimedContexts).
import { Prisma, type AttemptTrigger, type Delivery, type DeliveryStatus, type Endpoint, type Message } from "../db/generated/client";
import { db, hot, hotQuery } from "../db/client";
import { openSecret } from "../crypto/secret-box";
import { leaseExpiry, type Lease } from "./lease";

export interface DeliveryContext {
  delivery: Delivery;
  endpoint: Endpoint;
  message: Message;
  /** Newest first; more than one while an old secret is in its rotation grace period. */
  secrets: string[];
  /** The claim this process holds on the delivery. */
  lease: Lease;
  /** performance.now() just before the statement that read this context was sent: the endpoint,
   * secrets and lease are known to be current as of then (see send-fence.ts). */
  readAt: number;
}

/**
 * The select list of a context row, given a delivery row `d` (e.g. a CTE of claimed rows), joined
 * with its message `m` and `de`, the CTE CONTEXT_ENDPOINTS (see CONTEXT_SELECT). Enums are read as
 * text. Every column of the three tables is listed (the types say so); a new column must be added
 * here too. The payload's jsonb is read only when its text was not kept: the body is built from
 * the text (signing.ts), and parsing both cost the worker more than any other column.
 */
const CONTEXT_COLUMNS = Prisma.sql`
  d.id, d."tenantId", d."messageId", d."endpointId", d."eventType", d.ordered, d.status::text AS status,
  d."nextTrigger"::text AS "nextTrigger", d."attemptCount", d."scheduledAttempts", d."oneShot", d."nextAttemptAt",
  d."lastAttemptAt", d."lastResponseStatus", d."lastError", d."leaseUntil", d."leaseToken", d."leaseHolder", d."sendingSince",
  d."createdAt", d."updatedAt",
  m."eventType" AS "m_eventType", m.version AS "m_version", CASE WHEN m."payloadText" IS NULL THEN m.payload END AS "m_payload",
  m."payloadText" AS "m_payloadText", m."idempotencyKey" AS "m_idempotencyKey",
  m."isTest" AS "m_isTest", m."createdAt" AS "m_createdAt", m.traceparent AS "m_traceparent",
  de.*`;

/**
 * The CTE `de`: the endpoint, with the secrets that sign now, of each endpoint among the delivery
 * rows `d` — on one row per endpoint (its first delivery, "e_firstOf"), not on each: a claim
 * takes dozens of one endpoint's deliveries, and reading and parsing its endpoint and secrets for
 * every one of them was a third of the claim's time in PostgreSQL and in the worker (measured).
 * MATERIALIZED: inlined, a kept plan ran it once per delivery row, with its sort of `d` each time.
 */
export const CONTEXT_ENDPOINTS = Prisma.sql`de AS MATERIALIZED (
    SELECT f.id AS "e_firstOf",
      e.url AS "e_url", e.description AS "e_description", e."eventTypes" AS "e_eventTypes", e.disabled AS "e_disabled",
      e."disabledReason" AS "e_disabledReason", e."disabledAt" AS "e_disabledAt", e.headers AS "e_headers",
      e."rateLimitPerSecond" AS "e_rateLimitPerSecond", e."timeoutMs" AS "e_timeoutMs", e.ordered AS "e_ordered",
      e."pinnedVersions" AS "e_pinnedVersions", e."failingSince" AS "e_failingSince",
      e."createdAt" AS "e_createdAt", e."updatedAt" AS "e_updatedAt",
      ARRAY(SELECT s.encrypted FROM "EndpointSecret" s
            WHERE s."endpointId" = e.id AND (s."expiresAt" IS NULL OR s."expiresAt" > now())
            ORDER BY s."createdAt" DESC) AS "e_secrets"
    FROM (SELECT DISTINCT ON ("endpointId") id, "endpointId" FROM d ORDER BY "endpointId", id) f
    JOIN "Endpoint" e ON e.id = f."endpointId"
  )`;

/**
 * Context rows for the delivery rows `d`, a CTE the caller defines (`WITH …, d AS (…)`): add
 * CONTEXT_ENDPOINTS after it in the WITH list and select CONTEXT_SELECT. Read them with
 * contextsFromRows.
 */
export const CONTEXT_SELECT = Prisma.sql`SELECT ${CONTEXT_COLUMNS}
  FROM d JOIN "Message" m ON m.id = d."messageId" LEFT JOIN de ON de."e_firstOf" = d.id`;

export interface ContextRow {
  id: string;
  tenantId: string;
  messageId: string;
  endpointId: string;
  eventType: string;
  ordered: boolean;
  status: string;
  nextTrigger: string;
  attemptCount: number;
  scheduledAttempts: number;
  oneShot: boolean;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  leaseUntil: Date | null;
  leaseToken: number;
  leaseHolder: string | null;
  sendingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
  m_eventType: string;
  m_version: number;
  m_payload: Prisma.JsonValue;
  m_payloadText: string | null;
  m_idempotencyKey: string | null;
  m_isTest: boolean;
  m_createdAt: Date;
  m_traceparent: string | null;
  /** The endpoint's columns (e_*) are set on one row per endpoint, this one (see CONTEXT_ENDPOINTS). */
  e_firstOf: string | null;
  e_url: string;
  e_description: string;
  e_eventTypes: string[] | null;
  e_disabled: boolean;
  e_disabledReason: string | null;
  e_disabledAt: Date | null;
  e_headers: Prisma.JsonValue;
  e_rateLimitPerSecond: number | null;
  e_timeoutMs: number | null;
  e_ordered: boolean;
  e_pinnedVersions: Prisma.JsonValue;
  e_failingSince: Date | null;
  e_createdAt: Date;
  e_updatedAt: Date;
  e_secrets: string[];
}

/** Contexts from rows selected with CONTEXT_SELECT by a statement sent at `readAt`; each
 * endpoint read (and its secrets decrypted) once. A delivery whose endpoint is gone is left out. */
export function contextsFromRows(rows: ContextRow[], readAt: number): DeliveryContext[] {
  const endpoints = new Map<string, { endpoint: Endpoint; secrets: string[] }>();
  for (const r of rows) if (r.e_firstOf !== null) endpoints.set(r.endpointId, { endpoint: endpointFromRow(r), secrets: r.e_secrets.map(openSecret) });
  return rows.flatMap((r) => {
    const e = endpoints.get(r.endpointId);
    return e ? [contextFromRow(r, e.endpoint, e.secrets, readAt)] : [];
  });
}

function endpointFromRow(r: ContextRow): Endpoint {
  return {
    id: r.endpointId,
    tenantId: r.tenantId,
    url: r.e_url,
    description: r.e_description,
    eventTypes: r.e_eventTypes ?? [],
    disabled: r.e_disabled,
    disabledReason: r.e_disabledReason,
    disabledAt: r.e_disabledAt,
    headers: r.e_headers,
    rateLimitPerSecond: r.e_rateLimitPerSecond,
    timeoutMs: r.e_timeoutMs,
    ordered: r.e_ordered,
    pinnedVersions: r.e_pinnedVersions,
    failingSince: r.e_failingSince,
    createdAt: r.e_createdAt,
    updatedAt: r.e_updatedAt,
  };
}

function contextFromRow(r: ContextRow, endpoint: Endpoint, secrets: string[], readAt: number): DeliveryContext {
  const delivery: Delivery = {
    id: r.id,
    tenantId: r.tenantId,
    messageId: r.messageId,
    endpointId: r.endpointId,
    eventType: r.eventType,
    ordered: r.ordered,
    status: r.status as DeliveryStatus,
    nextTrigger: r.nextTrigger as AttemptTrigger,
    attemptCount: r.attemptCount,
    scheduledAttempts: r.scheduledAttempts,
    oneShot: r.oneShot,
    nextAttemptAt: r.nextAttemptAt,
    lastAttemptAt: r.lastAttemptAt,
    lastResponseStatus: r.lastResponseStatus,
    lastError: r.lastError,
    leaseUntil: r.leaseUntil,
    leaseToken: r.leaseToken,
    leaseHolder: r.leaseHolder,
    sendingSince: r.sendingSince,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  const message: Message = {
    id: r.messageId,
    tenantId: r.tenantId,
    eventType: r.m_eventType,
    version: r.m_version,
    payload: r.m_payload,
    payloadText: r.m_payloadText,
    idempotencyKey: r.m_idempotencyKey,
    isTest: r.m_isTest,
    createdAt: r.m_createdAt,
    traceparent: r.m_traceparent,
  };
  return { delivery, endpoint, message, secrets, lease: { id: r.id, token: r.leaseToken }, readAt };
}

/**
 * The contexts of deliveries this process holds, read afresh — and, for those still held under
 * their token, the write-ahead mark set and the lease extended: what a claimed delivery needs
 * right before it is sent, if its claim is older than the send fence. Deliveries no longer held
 * (or deleted) are left out.
 */
export async function loadClaimedContexts(leases: Lease[]): Promise<Map<string, DeliveryContext>> {
  if (leases.length === 0) return new Map();
  const readAt = performance.now();
  const rows = (await hotQuery<ContextRow>(Prisma.sql`${hot("load-claimed")}
    WITH d AS (
      UPDATE "Delivery" u SET "sendingSince" = now(), "leaseUntil" = ${leaseExpiry()}
      FROM unnest(${leases.map((l) => l.id)}::text[], ${leases.map((l) => l.token)}::int[]) AS l(id, token)
      WHERE u.id = l.id AND u."leaseToken" = l.token
      RETURNING u.*
    ), ${CONTEXT_ENDPOINTS}
    ${CONTEXT_SELECT}`)).rows;
  return new Map(contextsFromRows(rows, readAt).map((c) => [c.delivery.id, c]));
}
