// The delivery log as tenants read it and act on it: the deliveries list and detail with their
// attempts, manual retry, and recovery of an endpoint's failed deliveries. (The engine that makes
// the attempts is lib/delivery.)
import type { TenantScope } from "../db/tenant-scope";
import type { Delivery } from "../db/generated/client";
import { attemptInProgress, conflict, notFound } from "../errors";
import { db } from "../db/client";
import { notHeld } from "../delivery/lease";
import { createdWithin, ID_CLOCK_SLACK_MS, pageArgs, toPage, type PageQuery } from "../db/pagination";
import { firstIdAt } from "../ids";
import type { DeliveryDetailJson, DeliveryFilters } from "../schemas/messages";
import { executorHooks } from "../executors/hooks";
import { messageJson } from "./messages";
import { getEndpoint } from "../endpoints/endpoints";
import { attemptJson, deliveryJson } from "./json";


export async function listDeliveries(scope: TenantScope, f: DeliveryFilters, page: PageQuery) {
  // Another tenant's endpoint matches nothing here; saying so at once spares a walk through all
  // of that endpoint's deliveries (Delivery(endpointId, id, …)) checking each one's tenant.
  if (f.endpointId && !(await scope.db.endpoint.findFirst({ where: { id: f.endpointId }, select: { id: true } }))) {
    return { data: [], nextCursor: null };
  }
  const holding = f.payload === undefined ? undefined : await messagesHolding(scope, f.payload);
  if (holding?.length === 0) return { data: [], nextCursor: null };
  const args = pageArgs(page);
  const rows = await scope.db.delivery.findMany({
    ...args,
    where: {
      ...args.where,
      endpointId: f.endpointId,
      messageId: holding ? { in: f.messageId ? holding.filter((id) => id === f.messageId) : holding } : f.messageId,
      ...(f.status === "retrying" ? { status: "pending", attemptCount: { gt: 0 } } : { status: f.status }),
      eventType: f.eventType,
      ...createdWithin("delivery", f),
    },
    include: { endpoint: { select: { url: true } }, message: { select: { isTest: true } } },
  });
  const blocked = await blockedBy(rows);
  return toPage(rows, page, ({ endpoint, message, ...d }) => deliveryJson(d, { endpointUrl: endpoint.url, isTest: message.isTest, blockedBy: blocked(d) }));
}

/** How many of the newest messages holding a payload value the search looks at. */
export const PAYLOAD_SEARCH_LIMIT = 200;

/**
 * Ids of the tenant's newest messages whose payload holds `value` anywhere — as a string, or as a
 * number when it reads as one (an order id, a customer id). Walks the tenant's messages newest
 * first and stops at the limit: cheap for a value that is there, a scan of the tenant's messages
 * for one that is not (retention bounds it).
 */
async function messagesHolding(scope: TenantScope, value: string): Promise<string[]> {
  const numeric = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null;
  const path = numeric === null ? "$.** ? (@ == $v)" : "$.** ? (@ == $v || @ == $n)";
  const vars = JSON.stringify(numeric === null ? { v: value } : { v: value, n: numeric });
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM "Message"
    WHERE "tenantId" = ${scope.tenantId} AND jsonb_path_exists(payload, ${path}::jsonpath, ${vars}::jsonb)
    ORDER BY id DESC LIMIT ${PAYLOAD_SEARCH_LIMIT}`;
  return rows.map((r) => r.id);
}

/** For pending ordered deliveries: the first pending ordered delivery of each one's endpoint (the
 * one in front, that they wait behind), for a whole page in one query on the partial index of
 * pending ordered deliveries. */
async function blockedBy(rows: Delivery[]): Promise<(d: Delivery) => string | null> {
  const endpoints = [...new Set(rows.filter((d) => d.ordered && d.status === "pending").map((d) => d.endpointId))];
  if (endpoints.length === 0) return () => null;
  const heads = await db().$queryRaw<{ endpointId: string; id: string }[]>`
    SELECT DISTINCT ON ("endpointId") "endpointId", id FROM "Delivery"
    WHERE "endpointId" = ANY (${endpoints}::text[]) AND status = 'pending' AND ordered
    ORDER BY "endpointId", id`;
  const head = new Map(heads.map((h) => [h.endpointId, h.id]));
  return (d) => {
    if (!d.ordered || d.status !== "pending") return null;
    const first = head.get(d.endpointId);
    return first && first !== d.id ? first : null;
  };
}

export async function getDeliveryDetail(scope: TenantScope, id: string, view: { readHeaders: boolean } = { readHeaders: true }): Promise<DeliveryDetailJson> {
  const row = await scope.db.delivery.findFirst({
    where: { id },
    include: { attempts: { orderBy: { number: "asc" } }, message: true, endpoint: { select: { url: true } } },
  });
  if (!row) throw notFound("Delivery");
  const { attempts, message, endpoint, ...delivery } = row;
  const blocked = await blockedBy([delivery]);
  return {
    ...deliveryJson(delivery, { endpointUrl: endpoint.url, isTest: message.isTest, blockedBy: blocked(delivery) }),
    attempts: attempts.map((a) => attemptJson(a, message, view)),
    message: messageJson(message),
  };
}

/**
 * One more attempt now (trigger manual), also for a delivery that already succeeded. Refused with
 * 409 attempt_in_progress while an attempt is queued (due, not yet sent) or in flight: every 202
 * means exactly one more attempt. Decided in one statement, so concurrent retries cannot both win.
 */
export async function retryDelivery(scope: TenantScope, id: string) {
  const delivery = await scope.db.delivery.findFirst({ where: { id }, include: { endpoint: { select: { disabled: true } } } });
  if (!delivery) throw notFound("Delivery");
  if (delivery.endpoint.disabled) throw conflict("The endpoint is disabled: enable it before retrying");
  // A finished delivery gets one extra attempt (oneShot); a pending one keeps its schedule after.
  // clock_timestamp(), not now(): a retry that waited for a concurrent one's row lock re-checks the
  // row that one wrote, whose nextAttemptAt (its now()) may be later than this statement's now() —
  // with now() both would be answered 202 for a single attempt.
  // Raw SQL bypasses the scoped client's filter: the tenant comes from the scope.
  const count = await scope.db.$executeRaw`
    UPDATE "Delivery" d SET status = 'pending', "nextTrigger" = 'manual', "nextAttemptAt" = now(),
      "oneShot" = (d.status <> 'pending'), "updatedAt" = now()
    WHERE d.id = ${id} AND d."tenantId" = ${scope.tenantId} AND ${notHeld("d")}
      AND NOT (d.status = 'pending' AND d."nextAttemptAt" <= clock_timestamp())`;
  if (count === 0) throw attemptInProgress();
  await executorHooks().deliveriesDue([{ id, endpointId: delivery.endpointId, messageId: delivery.messageId }], "retry");
  return { deliveryId: id, status: "pending" as const };
}

/**
 * Failed (or canceled) deliveries of the endpoint created since `since` get a new attempt. With
 * `dryRun`, nothing changes: the answer says how many would (the dashboard's preview, also for a
 * disabled endpoint).
 */
export async function recoverEndpoint(scope: TenantScope, endpointId: string, since: Date, { dryRun = false } = {}) {
  const endpoint = await getEndpoint(scope, endpointId);
  // The id bound lets the walk of Delivery(endpointId, id, …) start at `since` (see createdWithin).
  const recoverable = { endpointId, status: { in: ["failed" as const, "canceled" as const] }, createdAt: { gte: since }, id: { gte: firstIdAt("delivery", since.getTime() - ID_CLOCK_SLACK_MS) } };
  if (dryRun) return { requeued: 0, dryRun: true, wouldRequeue: await scope.db.delivery.count({ where: recoverable }) };
  if (endpoint.disabled) throw conflict("The endpoint is disabled: enable it before recovering");
  const due = await scope.db.delivery.findMany({ where: recoverable, select: { id: true, endpointId: true, messageId: true } });
  if (due.length === 0) return { requeued: 0 };
  const { count } = await scope.db.delivery.updateMany({
    where: { id: { in: due.map((d) => d.id) }, status: { in: ["failed", "canceled"] } },
    data: { status: "pending", nextTrigger: "manual", nextAttemptAt: new Date(), oneShot: true },
  });
  await executorHooks().deliveriesDue(due, "recover");
  return { requeued: count };
}
