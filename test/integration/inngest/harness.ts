// The inngest executor in a test file: configuration pointing the Inngest client at a fake event
// API, the functions loaded after it (the client reads its configuration once, on import), a
// tenant with an event type, and mocks for the deliver function's sleeps that really wait.
import { afterAll } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { reloadEnv } from "../../../lib/env";
import { db } from "../../../lib/db/client";
import { wireDeliveryEvents } from "../../../lib/runtime/delivery-events";
import { get, post } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { startFakeInngest } from "./fake-inngest";

export const EVENT_TYPE = "order.completed";

export async function useInngestExecutor({ schedule = "0s,1s,1s" }: { schedule?: string } = {}) {
  const fake = await startFakeInngest();
  Object.assign(process.env, {
    HOOKYARD_EXECUTOR: "inngest",
    HOOKYARD_RETRY_SCHEDULE: schedule,
    HOOKYARD_DISABLE_AFTER: "1h",
    HOOKYARD_ALLOW_PRIVATE_URLS: "true",
    INNGEST_DEV: "1",
    INNGEST_BASE_URL: fake.url,
  });
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_SIGNING_KEY;
  reloadEnv();
  wireDeliveryEvents(); // as the web server serving the Inngest route does at start-up
  afterAll(() => fake.close());
  const functions = await import("../../../lib/executors/inngest/functions");
  return { fake, ...functions };
}

/** Sets the retry schedule for the following runs (the policy is read per attempt). */
export function setSchedule(schedule: string): void {
  process.env.HOOKYARD_RETRY_SCHEDULE = schedule;
  reloadEnv();
}

export interface TenantKit {
  tenant: TestTenant;
  admin: string;
  endpoint(url: string, extra?: object): Promise<{ id: string; secret: string }>;
  publish(payload: object): Promise<string>;
}

export async function setUpTenant(name: string): Promise<TenantKit> {
  const admin = await adminKey();
  await createEventTypes(admin, EVENT_TYPE).catch(() => {});
  const tenant = await createTenantWithKey(admin, name);
  return {
    tenant,
    admin,
    async endpoint(url, extra = {}) {
      const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url, ...extra }, tenant.key);
      if (res.status !== 201) throw new Error(`endpoint create failed: ${res.text}`);
      const secret = (await get(`/api/v1/tenants/${tenant.id}/endpoints/${res.body.id}/secret`, tenant.key)).body.secret;
      return { id: res.body.id as string, secret: secret as string };
    },
    async publish(payload) {
      const res = await post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: EVENT_TYPE, payload }, tenant.key);
      if (res.status !== 202) throw new Error(`publish failed: ${res.text}`);
      return res.body.id as string;
    },
  };
}

export async function deliveriesOf(messageId: string) {
  return db().delivery.findMany({ where: { messageId }, include: { attempts: { orderBy: { number: "asc" } } }, orderBy: { id: "asc" } });
}

/** Waits until the delivery is due by the database's clock (or no longer pending). */
export async function untilDue(deliveryId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db().$queryRaw<{ waiting: boolean }[]>`
      SELECT (status = 'pending' AND "nextAttemptAt" > now() AT TIME ZONE 'UTC') AS waiting FROM "Delivery" WHERE id = ${deliveryId}`;
    if (!row?.waiting) return;
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId} did not fall due`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type StepMock = { id: string; handler: () => unknown };

/** Mocks for `wait-1` … `wait-<count>`: @inngest/test cannot run a step.sleep, so each mock waits
 * for real until the delivery is due, then runs `also` (e.g. disable the endpoint meanwhile). */
export function realSleeps(deliveryId: string, count = 12, also: Record<number, () => Promise<unknown>> = {}): StepMock[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `wait-${i + 1}`,
    async handler() {
      await untilDue(deliveryId);
      await also[i + 1]?.();
    },
  }));
}

/** Runs the deliver function for one delivery on a new test engine. */
export async function runDeliver(
  fn: InngestTestEngine.Options["function"],
  event: { name: string; data: Record<string, unknown>; id?: string },
  steps: StepMock[],
) {
  const engine = new InngestTestEngine({ function: fn });
  return engine.execute({ events: [event as any], steps });
}
