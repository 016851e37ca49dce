// Publishing: one message, fanned out to one Delivery per enabled endpoint of the tenant that
// subscribes to its type — written atomically (one statement, or one transaction with an
// idempotency key), then handed to the executor.
import { Prisma, type Message } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { hot, hotQuery } from "../db/client";
import { notFound, validationFailed } from "../errors";
import type { MessageCreate } from "../schemas/messages";
import { isForeignKeyViolation, isUniqueViolation } from "../db/errors";
import { PING_EVENT_TYPE, findEventTypeCached, latestOf } from "../event-types/event-types";
import { audienceOf, type Audience } from "../event-types/lines";
import { validateAgainstSchema } from "../event-types/json-schema";
import type { DueDelivery } from "../executors/due";
import { executorHooks } from "../executors/hooks";
import { newId } from "../ids";
import { findByIdempotencyKey, releaseExpiredKey } from "./idempotency";
import { messagePublished, traceFanOut, tracePublish } from "../delivery/telemetry";

export interface Published {
  message: Message;
  deliveries: DueDelivery[];
  /** True when an idempotency key matched an earlier message: nothing new was created. */
  duplicate: boolean;
}

/** A publish's event type version and who receives it (lines.ts). */
export interface Versioned {
  version: number;
  audience: Audience;
}

const PING: Versioned = { version: 1, audience: { pinned: null, unpinned: true } };

/** The payload must fit the (live) event type at `version` (default: its latest); 422 otherwise,
 * with the schema's complaints. Returns the version and its audience. */
export async function checkPayload(eventType: string, payload: unknown, { allowPing = false, version }: { allowPing?: boolean; version?: number } = {}): Promise<Versioned> {
  if (allowPing && eventType === PING_EVENT_TYPE) return PING;
  const type = await findEventTypeCached(eventType);
  if (!type || type.archived) {
    const why = type ? "is archived" : "does not exist";
    throw validationFailed(`Event type "${eventType}" ${why}`, [{ path: "eventType", message: why, value: eventType }]);
  }
  const at = version === undefined ? latestOf(type) : type.versions.find((v) => v.version === version);
  if (!at) {
    const latest = latestOf(type).version;
    throw validationFailed(`Event type "${eventType}" has no version ${version} (its versions are 1 to ${latest})`, [{ path: "version", message: `must be 1 to ${latest}`, value: version }]);
  }
  if (at.schema) {
    const problems = validateAgainstSchema(at.schema as object, payload);
    if (problems.length) {
      const summary = problems.map((p) => `${p.path} ${p.message}`).join("; ");
      throw validationFailed(`payload does not match the schema of "${eventType}" version ${at.version}: ${summary}`,
        problems.map((p) => ({ path: `payload${p.path === "/" ? "" : p.path.replace(/\//g, ".")}`, message: p.message })));
    }
  }
  return { version: at.version, audience: audienceOf(type.versions, at.version) };
}

/** Publishes `input`; `payloadText` is the payload's JSON text as the publisher sent it (kept
 * byte for byte for the webhook body), when there is one. */
export async function publishMessage(scope: TenantScope, input: MessageCreate, payloadText: string | null = null): Promise<Published> {
  try {
    return await tracePublish(scope.tenantId, input.eventType, async () => {
      const published = await publish(scope, input, payloadText ?? JSON.stringify(input.payload));
      messagePublished(published);
      return published;
    });
  } catch (err) {
    // The tenant was deleted between the lookup and the write.
    if (isForeignKeyViolation(err)) throw notFound("Tenant");
    throw err;
  }
}

async function publish(scope: TenantScope, input: MessageCreate, payloadText: string): Promise<Published> {
  const versioned = await checkPayload(input.eventType, input.payload, { version: input.version });
  const key = input.idempotencyKey;
  if (!key) {
    const published = await traceFanOut((traceparent) => insertMessage(scope, input.eventType, versioned, payloadText, traceparent));
    await executorHooks().deliveriesDue(published.deliveries, "published");
    return published;
  }
  // With a key (idempotency.ts): look for the original first, then write in a transaction that
  // also lets go of an expired use of the key; the unique (tenantId, idempotencyKey) settles a race.
  const earlier = await findByIdempotencyKey(scope, key);
  if (earlier) return { ...earlier, duplicate: true };
  let published: Published;
  try {
    published = await traceFanOut((traceparent) => scope.db.$transaction(async (tx) => {
      await releaseExpiredKey(tx, key);
      const message = await tx.message.create({
        data: {
          id: newId("message"),
          tenantId: scope.tenantId,
          eventType: input.eventType,
          version: versioned.version,
          payload: input.payload as Prisma.InputJsonValue,
          payloadText,
          idempotencyKey: key,
          traceparent,
        },
      });
      const endpoints = (
        await tx.endpoint.findMany({
          where: { disabled: false, OR: [{ eventTypes: { isEmpty: true } }, { eventTypes: { has: input.eventType } }] },
          select: { id: true, ordered: true, pinnedVersions: true },
        })
      ).filter((e) => inAudience(versioned.audience, (e.pinnedVersions as Record<string, number>)[input.eventType]));
      // An ordered endpoint busy with an earlier message: this one waits its turn, not due.
      const busy = new Set(
        (
          await tx.delivery.findMany({
            where: { endpointId: { in: endpoints.filter((e) => e.ordered).map((e) => e.id) }, status: "pending", ordered: true },
            select: { endpointId: true },
            distinct: ["endpointId"],
          })
        ).map((d) => d.endpointId),
      );
      const deliveries = await tx.delivery.createManyAndReturn({
        data: endpoints.map((e) => ({
          id: newId("delivery"),
          tenantId: scope.tenantId,
          messageId: message.id,
          endpointId: e.id,
          eventType: message.eventType,
          ordered: e.ordered,
          nextAttemptAt: busy.has(e.id) ? null : message.createdAt,
        })),
      });
      return { message, deliveries, duplicate: false };
    }));
  } catch (err) {
    // Two publishes with one key raced: the loser answers with the winner's message.
    if (isUniqueViolation(err)) {
      const winner = await findByIdempotencyKey(scope, key);
      if (winner) return { ...winner, duplicate: true };
    }
    throw err;
  }
  await executorHooks().deliveriesDue(published.deliveries, "published");
  return published;
}

/** How many endpoints the last publish of a type to a tenant reached: how many delivery ids to
 * bring next time. Only a hint — a wrong one costs a second round trip, never a wrong result. */
const fanOutHint = new Map<string, number>();
const DEFAULT_FAN_OUT_HINT = 4;

interface InsertedRow extends Omit<Message, "id"> {
  id: string | null;
  endpoints: number;
  deliveries: { id: string; endpointId: string }[] | null;
}

/**
 * A message without an idempotency key, in one statement (one round trip, its own transaction):
 * insert the message, one delivery per enabled endpoint of the tenant subscribed to its type (an
 * endpoint with no types takes all); the workers hear of it from the executor hook after the
 * commit (executors/hooks.ts). The endpoints are read by the same statement, so a disabled
 * endpoint is skipped exactly as in a transaction. Delivery ids (TypeIDs) are made here, so we bring as many as the
 * hint says; when more endpoints match, the statement inserts nothing and says how many, and we
 * try again with enough.
 */
async function insertMessage(
  { tenantId }: TenantScope,
  eventType: string,
  { version, audience }: Versioned,
  payloadJson: string,
  traceparent: string | null,
): Promise<Published> {
  const hintKey = `${tenantId}\u0000${eventType}`;
  let room = fanOutHint.get(hintKey) ?? DEFAULT_FAN_OUT_HINT;
  for (;;) {
    const messageId = newId("message");
    const deliveryIds = Array.from({ length: room }, () => newId("delivery"));
    const {
      rows: [row],
    } = await hotQuery<InsertedRow>(Prisma.sql`${hot("publish")}
      WITH eps AS (
        SELECT e.id, e.ordered, row_number() OVER (ORDER BY e.id) AS n,
          -- An ordered endpoint busy with an earlier message: this one waits its turn, not due.
          (e.ordered AND EXISTS (SELECT 1 FROM "Delivery" p WHERE p."endpointId" = e.id AND p.status = 'pending' AND p.ordered)) AS waits
        FROM "Endpoint" e
        WHERE e."tenantId" = ${tenantId} AND NOT e.disabled
          AND (COALESCE(cardinality(e."eventTypes"), 0) = 0 OR ${eventType} = ANY (e."eventTypes"))
          ${audienceSql(eventType, audience)}
      ), fits AS (
        SELECT count(*)::int AS endpoints FROM eps
      ), m AS (
        INSERT INTO "Message" (id, "tenantId", "eventType", version, payload, "payloadText", "isTest", traceparent)
        SELECT ${messageId}, ${tenantId}, ${eventType}, ${version}::int, ${payloadJson}::jsonb, ${payloadJson}, false, ${traceparent}::text
        FROM fits WHERE fits.endpoints <= ${room}
        RETURNING *
      ), d AS (
        INSERT INTO "Delivery" (id, "tenantId", "messageId", "endpointId", "eventType", ordered, "nextAttemptAt", "updatedAt")
        SELECT (${deliveryIds}::text[])[eps.n], m."tenantId", m.id, eps.id, m."eventType", eps.ordered,
          CASE WHEN eps.waits THEN NULL ELSE m."createdAt" END, now()
        FROM m CROSS JOIN eps
        RETURNING id, "endpointId"
      )
      SELECT fits.endpoints, m.*,
        (SELECT json_agg(json_build_object('id', d.id, 'endpointId', d."endpointId")) FROM d) AS deliveries
      FROM fits LEFT JOIN m ON true`);
    if (fanOutHint.size > 10_000) fanOutHint.clear();
    fanOutHint.set(hintKey, Math.max(row.endpoints, 1));
    if (row.id === null) {
      room = row.endpoints + DEFAULT_FAN_OUT_HINT; // more endpoints than ids: nothing was written
      continue;
    }
    const { endpoints: _endpoints, deliveries, ...message } = row;
    return {
      message: message as Message,
      deliveries: (deliveries ?? []).map((d) => ({ id: d.id, endpointId: d.endpointId, messageId: message.id!, tenantId })),
      duplicate: false,
    };
  }
}

/** The endpoints (`e`) that receive a message of `eventType` with this audience: those pinned to a
 * version of its line, and those with no pin if it is in the latest line. Nothing to check when the
 * type has a single line (every pin is in it). */
function audienceSql(eventType: string, audience: Audience): Prisma.Sql {
  if (!audience.pinned) return Prisma.empty;
  return Prisma.sql`AND (CASE WHEN e."pinnedVersions" ? ${eventType}
    THEN (e."pinnedVersions" ->> ${eventType})::int BETWEEN ${audience.pinned.first}::int AND ${audience.pinned.last}::int
    ELSE ${audience.unpinned}::boolean END)`;
}

/** audienceSql for one endpoint's pin of the type. */
function inAudience(audience: Audience, pin: number | undefined): boolean {
  if (!audience.pinned) return true;
  return pin === undefined ? audience.unpinned : pin >= audience.pinned.first && pin <= audience.pinned.last;
}

/** A test message for one endpoint (isTest), whatever that endpoint subscribes to, at `version`
 * (the one the endpoint receives; default the latest). */
export async function publishTestMessage(
  scope: TenantScope,
  endpointId: string,
  eventType: string,
  payload: unknown,
  options: { version?: number } = {},
): Promise<Published> {
  const { version } = await checkPayload(eventType, payload, { allowPing: true, version: options.version });
  const { tenantId } = scope;
  const published = await tracePublish(tenantId, eventType, async () => {
    const written = await traceFanOut((traceparent) =>
      scope.db.$transaction(async (tx) => {
        const message = await tx.message.create({
          data: { id: newId("message"), tenantId, eventType, version, payload: payload as Prisma.InputJsonValue, isTest: true, traceparent },
        });
        const delivery = await tx.delivery.create({
          data: {
            id: newId("delivery"),
            tenantId,
            messageId: message.id,
            endpointId,
            eventType,
            nextTrigger: "test",
            nextAttemptAt: message.createdAt,
          },
        });
        return { message, deliveries: [delivery], duplicate: false };
      }),
    );
    messagePublished(written);
    return written;
  });
  await executorHooks().deliveriesDue(published.deliveries, "test");
  return published;
}
