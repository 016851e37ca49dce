// Reading messages: lists with filters (keyset pages) and one message with its deliveries.
// (Publishing them is lib/messages.)
import type { Delivery, Message } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { notFound } from "../errors";
import { createdWithin, pageArgs, toPage, type PageQuery } from "../db/pagination";
import type { MessageFilters, MessageJson } from "../schemas/messages";
import { deliveryJson } from "./json";

export function messageJson(m: Message, deliveries?: Delivery[]): MessageJson {
  return {
    id: m.id,
    tenantId: m.tenantId,
    eventType: m.eventType,
    version: m.version,
    payload: m.payload as MessageJson["payload"],
    idempotencyKey: m.idempotencyKey,
    isTest: m.isTest,
    createdAt: m.createdAt.toISOString(),
    ...(deliveries ? { deliveries: deliveries.map((d) => deliveryJson(d)) } : {}),
  };
}


export async function listMessages(scope: TenantScope, filters: MessageFilters, page: PageQuery) {
  const args = pageArgs(page);
  const rows = await scope.db.message.findMany({
    ...args,
    where: { ...args.where, eventType: filters.eventType, ...createdWithin("message", filters) },
  });
  return toPage(rows, page, (m) => messageJson(m));
}

export async function getMessage(scope: TenantScope, id: string) {
  const message = await scope.db.message.findFirst({ where: { id }, include: { deliveries: { orderBy: { id: "asc" } } } });
  if (!message) throw notFound("Message");
  const { deliveries, ...rest } = message;
  return messageJson(rest, deliveries);
}
