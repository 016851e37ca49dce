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
 * with its message `m` and endpoint `e`. Enums are read as text. Every column of the three
 * tables is listed (the types say so); a new column must be added here too.
 */
export const CONTEXT_COLUMNS = Prisma.sql`
  d.id, d."tenantId", d."messageId", d."endpointId", d."eventType", d.ordered, d.status::text AS status,
  d."nextTrigger"::text AS "nextTrigger", d."attemptCount", d."scheduledAttempts", d."oneShot", d."nextAttemptAt",
  d."lastAttemptAt", d."lastResponseStatus", d."lastError", d."leaseUntil", d."leaseToken", d."leaseHolder", d."sendingSince",
  d."createdAt", d."updatedAt",
  m."eventType" AS "m_eventType", m.version AS "m_version", m.payload AS "m_payload", m."payloadText" AS "m_payloadText", m."idempotencyKey" AS "m_idempotencyKey",
  m."isTest" AS "m_isTest", m."createdAt" AS "m_createdAt", m.traceparent AS "m_traceparent",
  e.url AS "e_url", e.description AS "e_description", e."eventTypes" AS "e_eventTypes", e.disabled AS "e_disabled",
  e."disabledReason" AS "e_disabledReason", e."disabledAt" AS "e_disabledAt", e.headers AS "e_headers",
  e."rateLimitPerSecond" AS "e_rateLimitPerSecond", e."timeoutMs" AS "e_timeoutMs", e.ordered AS "e_ordered", e."pinnedVersions" AS "e_pinnedVersions",
  e."failingSince" AS "e_failingSince",
  e."createdAt" AS "e_createdAt", e."updatedAt" AS "e_updatedAt",
  ARRAY(SELECT s.encrypted FROM "EndpointSecret" s
        WHERE s."endpointId" = e.id AND (s."expiresAt" IS NULL OR s."expiresAt" > now())
        ORDER BY s."createdAt" DESC) AS "e_secrets"`;

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

/** Contexts from rows selected with CONTEXT_COLUMNS by a statement sent at `readAt`; each
 * endpoint's secrets decrypted once. */
export function contextsFromRows(rows: ContextRow[], readAt: number): DeliveryContext[] {
  const opened = new Map<string, string[]>();
  return rows.map((r) => {
    let secrets = opened.get(r.endpointId);
    if (!secrets) {
      secrets = r.e_secrets.map(openSecret);
      opened.set(r.endpointId, secrets);
    }
    return contextFromRow(r, secrets, readAt);
  });
}

function contextFromRow(r: ContextRow, secrets: string[], readAt: number): DeliveryContext {
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
  const endpoint: Endpoint = {
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
    )
    SELECT ${CONTEXT_COLUMNS}
    FROM d JOIN "Message" m ON m.id = d."messageId" JOIN "Endpoint" e ON e.id = d."endpointId"`)).rows;
  return new Map(contextsFromRows(rows, readAt).map((c) => [c.delivery.id, c]));
}
