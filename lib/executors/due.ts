// What an executor is told (executorHooks() in hooks.ts picks the configured one): deliveries
// became due, or an endpoint stopped taking deliveries.

export interface DueDelivery {
  id: string;
  endpointId: string;
  messageId: string;
  /** Known to most callers; the Inngest hooks pass it on with the event. */
  tenantId?: string;
}

/** Why deliveries became due: a publish fans out; the others are single deliveries. */
export type DueReason = "published" | "retry" | "test" | "recover";

export interface ExecutorHooks {
  deliveriesDue(deliveries: DueDelivery[], reason: DueReason): Promise<void>;
  endpointDisabled(endpointId: string): Promise<void>;
  endpointDeleted(endpointId: string): Promise<void>;
}

/** The Postgres channel local workers LISTEN on; any process on the database may NOTIFY it. */
export const DUE_CHANNEL = "hookyard_due";
