// Workers in other processes hear of new due deliveries by LISTEN/NOTIFY. The publish no longer
// NOTIFYs inside its own statement (that serialised every publish's commit behind the previous
// one's WAL flush): the executor hook NOTIFYs after the commit, one at a time, a burst's requests
// coalesced into one more (lib/executors/hooks.ts).
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DUE_CHANNEL } from "../../../lib/executors/due";
import { reloadEnv } from "../../../lib/env";
import { post } from "../../helpers/api";
import { addUnreachableEndpoint, adminKey, createEventTypes, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";

let tenant: TestTenant;
const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
const heard: number[] = [];

beforeAll(async () => {
  process.env.HOOKYARD_EXECUTOR = "local";
  process.env.HOOKYARD_ALLOW_PRIVATE_URLS = "true";
  reloadEnv();
  const admin = await adminKey();
  await createEventTypes(admin, "worker.notified");
  tenant = await createTenantWithKey(admin, "Worker notification");
  // Nothing listens there: only the notification matters here.
  await addUnreachableEndpoint(tenant);
  await listener.connect();
  listener.on("notification", (n) => {
    if (n.channel === DUE_CHANNEL) heard.push(Date.now());
  });
  await listener.query(`LISTEN ${DUE_CHANNEL}`);
});

afterAll(async () => {
  await listener.end();
});

const publish = (i: number) => post(`/api/v1/tenants/${tenant.id}/messages`, { eventType: "worker.notified", payload: { i } }, tenant.key);

async function heardWithin(ms: number, atLeast: number): Promise<number> {
  const until = Date.now() + ms;
  while (heard.length < atLeast && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return heard.length;
}

it("a publish notifies the workers once it has committed", async () => {
  heard.length = 0;
  expect((await publish(0)).status).toBe(202);
  expect(await heardWithin(2_000, 1)).toBe(1);
});

it("a burst of publishes notifies at least once, and fewer times than it published", async () => {
  heard.length = 0;
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => publish(i)));
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
  await heardWithin(500, 30);
  expect(heard.length).toBeGreaterThanOrEqual(1);
  expect(heard.length).toBeLessThan(30);
});

it("a publish with no endpoint to deliver to notifies nobody", async () => {
  const admin = await adminKey();
  const empty = await createTenantWithKey(admin, "No endpoints");
  heard.length = 0;
  expect((await post(`/api/v1/tenants/${empty.id}/messages`, { eventType: "worker.notified", payload: {} }, empty.key)).status).toBe(202);
  expect(await heardWithin(300, 1)).toBe(0);
});
