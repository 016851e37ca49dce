// Publishing: one message, fanned out to one Delivery per enabled endpoint of the tenant that
// subscribes to its type — all written in one transaction, then handed to the executor.
import { Prisma, type Delivery, type Message } from "../db/generated/client";
import type { TenantDb } from "../db/tenant-scope";
import { db } from "../db/client";
import { validationFailed } from "../api/errors";
import type { MessageCreate } from "../api/schemas/messages";
import { isUniqueViolation } from "../db/errors";
import { PING_EVENT_TYPE, findEventTypeCached } from "../event-types/event-types";
import { validateAgainstSchema } from "../event-types/json-schema";
import { executorHooks } from "../executors/hooks";
import { newId } from "../ids";

/** The same idempotency key within this window returns the original message. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Published {
  message: Message;
  deliveries: Delivery[];
  /** True when an idempotency key matched an earlier message: nothing new was created. */
  duplicate: boolean;
}

/** The payload must fit the (live) event type; 422 otherwise, with the schema's complaints. */
export async function checkPayload(eventType: string, payload: unknown, { allowPing = false } = {}): Promise<void> {
  if (allowPing && eventType === PING_EVENT_TYPE) return;
  const type = await findEventTypeCached(eventType);
  if (!type || type.archived) {
    const why = type ? "is archived" : "does not exist";
    throw validationFailed(`Event type "${eventType}" ${why}`, [{ path: "eventType", message: why, value: eventType }]);
  }
  if (type.schema) {
    const problems = validateAgainstSchema(type.schema as object, payload);
    if (problems.length) {
      const summary = problems.map((p) => `${p.path} ${p.message}`).join("; ");
      throw validationFailed(`payload does not match the schema of "${eventType}": ${summary}`,
        problems.map((p) => ({ path: `payload${p.path === "/" ? "" : p.path.replace(/\//g, ".")}`, message: p.message })));
    }
  }
}

export async function publishMessage(tdb: TenantDb, tenantId: string, input: MessageCreate): Promise<Published> {
  await checkPayload(input.eventType, input.payload);
  if (input.idempotencyKey) {
    const earlier = await findByIdempotencyKey(tdb, input.idempotencyKey);
    if (earlier) return { ...earlier, duplicate: true };
  }
  let published: Published;
  try {
    published = await tdb.$transaction(async (tx) => {
      if (input.idempotencyKey) {
        // A key older than the window may be used again: the old message lets go of it.
        await tx.message.updateMany({
          where: { idempotencyKey: input.idempotencyKey, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
          data: { idempotencyKey: null },
        });
      }
      const message = await tx.message.create({
        data: {
          id: newId("message"),
          tenantId,
          eventType: input.eventType,
          payload: input.payload as Prisma.InputJsonValue,
          idempotencyKey: input.idempotencyKey ?? null,
        },
      });
      const endpoints = await tx.endpoint.findMany({
        where: { disabled: false, OR: [{ eventTypes: { isEmpty: true } }, { eventTypes: { has: input.eventType } }] },
        select: { id: true },
      });
      const deliveries = await tx.delivery.createManyAndReturn({
        data: endpoints.map((e) => ({
          id: newId("delivery"),
          tenantId,
          messageId: message.id,
          endpointId: e.id,
          eventType: message.eventType,
          nextAttemptAt: message.createdAt,
        })),
      });
      return { message, deliveries, duplicate: false };
    });
  } catch (err) {
    // Two publishes with one key raced: the loser answers with the winner's message.
    if (input.idempotencyKey && isUniqueViolation(err)) {
      const winner = await findByIdempotencyKey(tdb, input.idempotencyKey);
      if (winner) return { ...winner, duplicate: true };
    }
    throw err;
  }
  await executorHooks().deliveriesDue(published.deliveries, "published");
  return published;
}

async function findByIdempotencyKey(tdb: TenantDb, key: string) {
  const message = await tdb.message.findFirst({
    where: { idempotencyKey: key, createdAt: { gte: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
    include: { deliveries: true },
  });
  if (!message) return null;
  const { deliveries, ...rest } = message;
  return { message: rest, deliveries };
}

/** A test message for one endpoint (isTest), whatever that endpoint subscribes to. */
export async function publishTestMessage(
  tdb: TenantDb,
  tenantId: string,
  endpointId: string,
  eventType: string,
  payload: unknown,
): Promise<Published> {
  await checkPayload(eventType, payload, { allowPing: true });
  const published = await tdb.$transaction(async (tx) => {
    const message = await tx.message.create({
      data: { id: newId("message"), tenantId, eventType, payload: payload as Prisma.InputJsonValue, isTest: true },
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
  });
  await executorHooks().deliveriesDue(published.deliveries, "test");
  return published;
}
