// The two sides of the promise "every request that reached a receiver is in the attempt log":
// what a real receiver got, and what the database recorded, per message and endpoint.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { Receiver } from "../../helpers/receiver";
import type { adminApi } from "./hookyard";

type Api = ReturnType<typeof adminApi>;

export interface TestTenant {
  tenantId: string;
  eventType: string;
}

/** A tenant with one endpoint per receiver path (each taking every event type). */
export async function setUpTenant(api: Api, receiver: Receiver, paths: string[], endpoint: Record<string, unknown> = {}): Promise<TestTenant> {
  const suffix = randomBytes(3).toString("hex");
  const tenant = await api<{ id: string }>("POST", "/tenants", { name: `Lifecycle ${suffix}` });
  const eventType = `lifecycle${suffix}.happened`;
  await api("POST", "/event-types", { name: eventType });
  for (const p of paths) await api("POST", `/tenants/${tenant.id}/endpoints`, { url: `http://127.0.0.1:${receiver.port}/${p}`, ...endpoint });
  return { tenantId: tenant.id, eventType };
}

export async function publish(api: Api, { tenantId, eventType }: TestTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = await api<{ id: string }>("POST", `/tenants/${tenantId}/messages`, { eventType, payload: { n: i } });
    ids.push(message.id);
  }
  return ids;
}

/** Requests the receiver got, counted by `<webhook-id> <path>`. */
export function received(receiver: Receiver, paths: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.requests) {
    const p = r.path.slice(1);
    if (!paths.includes(p)) continue;
    const key = `${r.headers["webhook-id"]} ${p}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface LoggedAttempts {
  attempts: number;
  interrupted: number;
  succeeded: number;
  /** The error categories in attempt order ("ok" for a success). */
  outcomes: string[];
}

/** Recorded attempts, by `<message id> <endpoint path>`. */
export async function attemptLog(client: pg.Client, tenantId: string): Promise<Map<string, LoggedAttempts>> {
  const { rows } = await client.query<{ messageId: string; url: string; outcomes: string[] | null }>(
    `SELECT d."messageId", e.url,
       array_agg(CASE WHEN a.succeeded THEN 'ok' ELSE a."errorCategory" END ORDER BY a.number) FILTER (WHERE a.id IS NOT NULL) AS outcomes
     FROM "Delivery" d JOIN "Endpoint" e ON e.id = d."endpointId" LEFT JOIN "Attempt" a ON a."deliveryId" = d.id
     WHERE d."tenantId" = $1 GROUP BY d."messageId", e.url`,
    [tenantId],
  );
  const log = new Map<string, LoggedAttempts>();
  for (const row of rows) {
    const outcomes = row.outcomes ?? [];
    if (outcomes.length === 0) continue;
    log.set(`${row.messageId} ${new URL(row.url).pathname.slice(1)}`, {
      attempts: outcomes.length,
      interrupted: outcomes.filter((o) => o === "interrupted").length,
      succeeded: outcomes.filter((o) => o === "ok").length,
      outcomes,
    });
  }
  return log;
}

/** Attempts per message and endpoint, in the same shape as received(). */
export function attemptCounts(log: Map<string, LoggedAttempts>): Map<string, number> {
  return new Map([...log].map(([key, l]) => [key, l.attempts]));
}

/** Deliveries still held by a lease or carrying a write-ahead mark. */
export async function leasedDeliveries(client: pg.Client): Promise<{ id: string; status: string; leaseUntil: Date | null; sendingSince: Date | null }[]> {
  const { rows } = await client.query(
    `SELECT id, status, "leaseUntil", "sendingSince" FROM "Delivery" WHERE "leaseUntil" IS NOT NULL OR "sendingSince" IS NOT NULL`,
  );
  return rows;
}

export async function deliveryStatuses(client: pg.Client, tenantId: string): Promise<Record<string, number>> {
  const { rows } = await client.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM "Delivery" WHERE "tenantId" = $1 GROUP BY status`,
    [tenantId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Sorted entries, so a mismatch prints readably. */
export function sorted(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}
