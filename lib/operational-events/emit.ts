// Publishing one of Hookyard's own events to the operator tenant. Never fails its caller (the
// attempt, the endpoint change): an event that cannot be published is logged and dropped. Nothing
// about the operator tenant's own endpoints and deliveries is published, or a failing operational
// endpoint would report on itself forever.
import type { MessageCreate } from "../schemas/messages";
import { findTenantByRef } from "../auth/tenant-access";
import { tenantScope } from "../db/tenant-scope";
import { publishMessage } from "../messages/publish";
import type { OperationalEventType } from "./catalog";
import { operatorTarget } from "./tenant";
import { errorFields, logger } from "../observability/log";

/** Publishes `type` about tenant `tenantId`: the payload is `fields` with the tenant's id and uid. */
export async function emitOperationalEvent(type: OperationalEventType, tenantId: string, fields: Record<string, unknown>): Promise<void> {
  try {
    const target = await operatorTarget();
    if (!target || !target.listening || tenantId === target.tenantId) return;
    const tenant = await findTenantByRef(tenantId);
    const payload = { tenantId, tenantUid: tenant?.uid ?? null, ...fields } as MessageCreate["payload"];
    await publishMessage(tenantScope(target.tenantId), { eventType: type, payload });
  } catch (err) {
    logger().error({ type, ...errorFields(err) }, "operational event not published");
  }
}
