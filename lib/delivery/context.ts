// Everything one attempt needs, loaded for a batch of deliveries: the delivery, its endpoint with
// the secrets that sign now, and its message. Either by id (loadDeliveryContexts), or as the
// result rows of a statement that selects CONTEXT_COLUMNS (the local executor claims and loads
// in one statement).
import { Prisma, type AttemptTrigger, type Delivery, type DeliveryStatus, type Endpoint, type Message } from "../db/generated/client";
import { db, hot } from "../db/client";
import { openSecret } from "../crypto/secret-box";

export interface DeliveryContext {
  delivery: Delivery;
  endpoint: Endpoint;
  message: Message;
  /** Newest first; more than one while an old secret is in its rotation grace period. */
  secrets: string[];
}

/**
 * The select list of a context row, given a delivery row `d` (e.g. a CTE of claimed rows), joined
 * with its message `m` and endpoint `e`. Enums are read as text. Every column of the three
 * tables is listed (the types say so); a new column must be added here too.
 */
export const CONTEXT_COLUMNS = Prisma.sql`
  d.id, d."tenantId", d."messageId", d."endpointId", d."eventType", d.status::text AS status,
  d."nextTrigger"::text AS "nextTrigger", d."attemptCount", d."scheduledAttempts", d."oneShot", d."nextAttemptAt",
  d."lastAttemptAt", d."lastResponseStatus", d."lastError", d."leaseUntil", d."createdAt", d."updatedAt",
  m."eventType" AS "m_eventType", m.payload AS "m_payload", m."idempotencyKey" AS "m_idempotencyKey",
  m."isTest" AS "m_isTest", m."createdAt" AS "m_createdAt",
  e.url AS "e_url", e.description AS "e_description", e."eventTypes" AS "e_eventTypes", e.disabled AS "e_disabled",
  e."disabledReason" AS "e_disabledReason", e."disabledAt" AS "e_disabledAt", e.headers AS "e_headers",
  e."rateLimitPerSecond" AS "e_rateLimitPerSecond", e."timeoutMs" AS "e_timeoutMs", e."failingSince" AS "e_failingSince",
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
  createdAt: Date;
  updatedAt: Date;
  m_eventType: string;
  m_payload: Prisma.JsonValue;
  m_idempotencyKey: string | null;
  m_isTest: boolean;
  m_createdAt: Date;
  e_url: string;
  e_description: string;
  e_eventTypes: string[] | null;
  e_disabled: boolean;
  e_disabledReason: string | null;
  e_disabledAt: Date | null;
  e_headers: Prisma.JsonValue;
  e_rateLimitPerSecond: number | null;
  e_timeoutMs: number | null;
  e_failingSince: Date | null;
  e_createdAt: Date;
  e_updatedAt: Date;
  e_secrets: string[];
}

/** Contexts from rows selected with CONTEXT_COLUMNS; each endpoint's secrets decrypted once. */
export function contextsFromRows(rows: ContextRow[]): DeliveryContext[] {
  const opened = new Map<string, string[]>();
  return rows.map((r) => {
    let secrets = opened.get(r.endpointId);
    if (!secrets) {
      secrets = r.e_secrets.map(openSecret);
      opened.set(r.endpointId, secrets);
    }
    return contextFromRow(r, secrets);
  });
}

function contextFromRow(r: ContextRow, secrets: string[]): DeliveryContext {
  const delivery: Delivery = {
    id: r.id,
    tenantId: r.tenantId,
    messageId: r.messageId,
    endpointId: r.endpointId,
    eventType: r.eventType,
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
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  const message: Message = {
    id: r.messageId,
    tenantId: r.tenantId,
    eventType: r.m_eventType,
    payload: r.m_payload,
    idempotencyKey: r.m_idempotencyKey,
    isTest: r.m_isTest,
    createdAt: r.m_createdAt,
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
    failingSince: r.e_failingSince,
    createdAt: r.e_createdAt,
    updatedAt: r.e_updatedAt,
  };
  return { delivery, endpoint, message, secrets };
}

export async function loadDeliveryContexts(ids: string[]): Promise<Map<string, DeliveryContext>> {
  if (ids.length === 0) return new Map();
  const rows = await db().$queryRaw<ContextRow[]>`${hot("load-contexts")}
    SELECT ${CONTEXT_COLUMNS}
    FROM "Delivery" d JOIN "Message" m ON m.id = d."messageId" JOIN "Endpoint" e ON e.id = d."endpointId"
    WHERE d.id = ANY (${ids}::text[])`;
  return new Map(contextsFromRows(rows).map((c) => [c.delivery.id, c]));
}

/** Releases claims without an attempt (e.g. over an endpoint's rate limit), optionally later. */
export async function releaseClaims(ids: string[], retryAt?: Date): Promise<void> {
  if (ids.length === 0) return;
  await db().$executeRaw`
    UPDATE "Delivery" SET "leaseUntil" = NULL,
      "nextAttemptAt" = COALESCE(${retryAt ?? null}::timestamp, "nextAttemptAt")
    WHERE id IN (${Prisma.join(ids)})`;
}
