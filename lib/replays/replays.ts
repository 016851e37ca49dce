// Bulk replay of an endpoint's deliveries by filter (targets.ts), paced at a rate the user picks.
//
// The pacing lives in the data: the replay gives each delivery it takes its own slot —
// nextAttemptAt = start + n / rate, in publish order — in one transaction, and the executors claim
// them as they fall due like any other delivery. No process owns a replay, so it survives worker
// crashes and restarts, holds across any number of workers (they share one clock: the database's
// rows), and keeps every bound the executors keep (per-endpoint slots and rate limit, fair
// sharing). An ordered endpoint receives the replayed messages in publish order, one at a time:
// new deliveries of missing messages get ids of their message's time, so they queue in place.
//
// An existing delivery gets one more attempt (like a retry); a missing message gets a new
// delivery with the usual retries. The same idempotency key returns the replay it started; while
// a replay of the endpoint runs, another is refused (409). Canceling puts back what has not been
// attempted yet.
import { conflict, notFound, validationFailed } from "../errors";
import type { ReplayCreate, ReplayDryRunJson, ReplayJson, ReplayStatusFilter } from "../schemas/replays";
import { db } from "../db/client";
import type { Endpoint, Replay } from "../db/generated/client";
import { Prisma } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { notHeld, promoteNextInLine } from "../delivery/lease";
import { getEndpoint } from "../endpoints/endpoints";
import { executorHooks } from "../executors/hooks";
import { newId, newIdAt } from "../ids";
import { MAX_REPLAY, findTargets, type ReplayFilter, type Target } from "./targets";

function filterOf(input: ReplayCreate): ReplayFilter {
  return { statuses: input.statuses, eventTypes: input.eventTypes, since: new Date(input.since), until: input.until ? new Date(input.until) : new Date() };
}

function counts(targets: Target[]) {
  const byStatus: Record<ReplayStatusFilter, number> = { succeeded: 0, failed: 0, canceled: 0, missing: 0 };
  for (const t of targets) byStatus[t.previousStatus ?? "missing"]++;
  return { total: targets.length, redeliveries: targets.length - byStatus.missing, missing: byStatus.missing, byStatus };
}

/** How many deliveries the replay would take, changing nothing. */
export async function dryRun(scope: TenantScope, endpointId: string, input: ReplayCreate): Promise<ReplayDryRunJson> {
  const endpoint = await getEndpoint(scope, endpointId);
  const c = counts(await findTargets(db(), endpoint, filterOf(input)));
  return { dryRun: true, ...c, limit: MAX_REPLAY, estimatedSeconds: Math.max(0, c.total - 1) / input.ratePerSecond };
}

/** Starts a replay; with an idempotency key used before, returns that replay instead. */
export async function createReplay(scope: TenantScope, endpointId: string, input: ReplayCreate): Promise<{ replay: ReplayJson; created: boolean }> {
  const endpoint = await getEndpoint(scope, endpointId);
  const filter = filterOf(input);
  const outcome = await db().$transaction(
    async (tx) => {
      // One replay decision at a time per endpoint: the idempotency check and the "one running"
      // rule hold under concurrent requests.
      await tx.$executeRaw`SELECT 1 FROM "Endpoint" WHERE id = ${endpoint.id} FOR UPDATE`;
      if (input.idempotencyKey) {
        const earlier = await tx.replay.findUnique({ where: { endpointId_idempotencyKey: { endpointId: endpoint.id, idempotencyKey: input.idempotencyKey } } });
        if (earlier) return { replay: earlier, created: false, due: [] };
      }
      const fresh = await tx.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      if (fresh.disabled) throw conflict("The endpoint is disabled: enable it before replaying");
      const running = await tx.replay.findFirst({ where: { endpointId: endpoint.id, status: "running" }, orderBy: { id: "desc" } });
      if (running && (await settle(tx, running)).status === "running") {
        throw conflict(`A replay of this endpoint is in progress (${running.id}): wait for it or cancel it`, [{ path: "replayId", message: "in progress", value: running.id }]);
      }
      const targets = await findTargets(tx, fresh, filter);
      if (targets.length > MAX_REPLAY) {
        throw validationFailed(`The filter matches more than ${MAX_REPLAY} deliveries; narrow the time range`, [{ path: "since", message: `more than ${MAX_REPLAY} match` }]);
      }
      if (targets.length === 0) throw validationFailed("Nothing matches the filter: no deliveries to replay", [{ path: "statuses", message: "nothing matches" }]);
      return { ...(await takeTargets(tx, fresh, input, filter, targets)), created: true };
    },
    { timeout: 60_000 },
  );
  if (outcome.due.length) await executorHooks().deliveriesDue(outcome.due, "recover");
  return { replay: await replayJson(outcome.replay), created: outcome.created };
}

/** Writes the replay: each target's slot, the existing deliveries made pending (one attempt), new
 * deliveries for missing messages, and what each was before. */
async function takeTargets(tx: Prisma.TransactionClient, endpoint: Endpoint, input: ReplayCreate, filter: ReplayFilter, targets: Target[]) {
  const [{ now }] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  const slot = (n: number) => new Date(now.getTime() + Math.round((n * 1000) / input.ratePerSecond)).toISOString();
  const existing = targets.map((t, n) => ({ t, at: slot(n) })).filter((x) => x.t.deliveryId);
  const missing = targets.map((t, n) => ({ t, at: slot(n), id: newIdAt("delivery", t.messageCreatedAt) })).filter((x) => !x.t.deliveryId);
  const replay = await tx.replay.create({
    data: {
      id: newId("replay"),
      tenantId: endpoint.tenantId,
      endpointId: endpoint.id,
      filter: { statuses: filter.statuses, eventTypes: filter.eventTypes, since: filter.since.toISOString(), until: filter.until.toISOString() },
      ratePerSecond: input.ratePerSecond,
      total: targets.length,
      redeliveries: existing.length,
      missing: missing.length,
      idempotencyKey: input.idempotencyKey ?? null,
      createdAt: now,
    },
  });
  if (existing.length) {
    await tx.$executeRaw`
      UPDATE "Delivery" d SET status = 'pending', "nextTrigger" = 'manual', "oneShot" = true, "nextAttemptAt" = s.at, "updatedAt" = now()
      FROM unnest(${existing.map((x) => x.t.deliveryId!)}::text[], ${existing.map((x) => x.at)}::timestamp[]) AS s(id, at)
      WHERE d.id = s.id AND d.status <> 'pending' AND ${notHeld("d")}`;
  }
  if (missing.length) {
    await tx.$executeRaw`
      INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", ordered, "nextAttemptAt", "updatedAt")
      SELECT s.id, ${endpoint.tenantId}, s.message_id, ${endpoint.id}, s.event_type, ${endpoint.ordered}, s.at, now()
      FROM unnest(${missing.map((x) => x.id)}::text[], ${missing.map((x) => x.t.messageId)}::text[],
                  ${missing.map((x) => x.t.eventType)}::text[], ${missing.map((x) => x.at)}::timestamp[]) AS s(id, message_id, event_type, at)
      ON CONFLICT ("messageId", "endpointId") DO NOTHING`;
  }
  await tx.$executeRaw`
    INSERT INTO "ReplayDelivery" ("replayId", "deliveryId", "previousStatus")
    SELECT ${replay.id}, s.id, s.previous::"DeliveryStatus"
    FROM unnest(${[...existing.map((x) => x.t.deliveryId!), ...missing.map((x) => x.id)]}::text[],
                ${[...existing.map((x) => x.t.previousStatus), ...missing.map(() => null)]}::text[]) AS s(id, previous)
    WHERE EXISTS (SELECT 1 FROM "Delivery" d WHERE d.id = s.id)`;
  const due = [...existing.map((x) => ({ id: x.t.deliveryId!, messageId: x.t.messageId })), ...missing.map((x) => ({ id: x.id, messageId: x.t.messageId }))];
  return { replay, due: due.map((d) => ({ ...d, endpointId: endpoint.id, tenantId: endpoint.tenantId })) };
}

interface Progress {
  attempted: number;
  succeeded: number;
  failed: number;
  canceled: number;
  pending: number;
}

async function progressOf(tx: Prisma.TransactionClient | ReturnType<typeof db>, replay: Replay): Promise<Progress> {
  const [row] = await tx.$queryRaw<Progress[]>`
    SELECT count(*) FILTER (WHERE d."lastAttemptAt" >= ${replay.createdAt})::int AS attempted,
      count(*) FILTER (WHERE d.status = 'succeeded')::int AS succeeded,
      count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
      count(*) FILTER (WHERE d.status = 'canceled')::int AS canceled,
      count(*) FILTER (WHERE d.status = 'pending')::int AS pending
    FROM "ReplayDelivery" r JOIN "Delivery" d ON d.id = r."deliveryId"
    WHERE r."replayId" = ${replay.id}`;
  return row;
}

/** A running replay whose deliveries are all done is completed (decided when it is read). */
async function settle(tx: Prisma.TransactionClient | ReturnType<typeof db>, replay: Replay): Promise<Replay & { progress: Progress }> {
  const progress = await progressOf(tx, replay);
  if (replay.status === "running" && progress.pending === 0) {
    const finishedAt = new Date();
    await tx.replay.updateMany({ where: { id: replay.id, status: "running" }, data: { status: "completed", finishedAt } });
    return { ...replay, status: "completed", finishedAt, progress };
  }
  return { ...replay, progress };
}

async function replayJson(replay: Replay): Promise<ReplayJson> {
  const r = await settle(db(), replay);
  const filter = r.filter as ReplayJson["filter"];
  return {
    id: r.id,
    endpointId: r.endpointId,
    status: r.status,
    filter,
    ratePerSecond: r.ratePerSecond,
    total: r.total,
    redeliveries: r.redeliveries,
    missing: r.missing,
    progress: r.progress,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt.toISOString(),
    estimatedEndAt: new Date(r.createdAt.getTime() + (Math.max(0, r.total - 1) * 1000) / r.ratePerSecond).toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

async function findReplay(scope: TenantScope, endpointId: string, replayId: string): Promise<Replay> {
  const replay = await scope.db.replay.findFirst({ where: { id: replayId, endpointId } });
  if (!replay) throw notFound("Replay");
  return replay;
}

export async function getReplay(scope: TenantScope, endpointId: string, replayId: string): Promise<ReplayJson> {
  return replayJson(await findReplay(scope, endpointId, replayId));
}

/** The endpoint's replays, newest first (a short list: one runs at a time). */
export async function listReplays(scope: TenantScope, endpointId: string, limit = 20): Promise<ReplayJson[]> {
  await getEndpoint(scope, endpointId);
  const rows = await scope.db.replay.findMany({ where: { endpointId }, orderBy: { id: "desc" }, take: limit });
  return Promise.all(rows.map(replayJson));
}

/** Stops a running replay: its deliveries not attempted yet go back to what they were (new ones
 * for missing messages are canceled). Attempts already made stay in the log. */
export async function cancelReplay(scope: TenantScope, endpointId: string, replayId: string): Promise<ReplayJson> {
  const replay = await findReplay(scope, endpointId, replayId);
  if (replay.status !== "running") return replayJson(replay);
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE "Delivery" d SET
        status = COALESCE(r."previousStatus", 'canceled'::"DeliveryStatus"),
        "lastError" = CASE WHEN r."previousStatus" IS NULL THEN 'Replay canceled before this message was sent' ELSE d."lastError" END,
        "nextAttemptAt" = NULL, "nextTrigger" = 'scheduled', "oneShot" = false, "updatedAt" = now()
      FROM "ReplayDelivery" r
      WHERE r."replayId" = ${replay.id} AND d.id = r."deliveryId" AND d.status = 'pending'
        AND (d."lastAttemptAt" IS NULL OR d."lastAttemptAt" < ${replay.createdAt}) AND ${notHeld("d")}`;
    await tx.replay.update({ where: { id: replay.id }, data: { status: "canceled", finishedAt: new Date() } });
  });
  // Ordered endpoints: what waited behind the canceled ones goes on.
  await promoteNextInLine();
  return replayJson(await findReplay(scope, endpointId, replayId));
}
