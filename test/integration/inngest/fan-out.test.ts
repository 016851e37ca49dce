// Publishing with HOOKYARD_EXECUTOR=inngest: the API sends one message.published event, the
// fan-out function turns it into one delivery.scheduled event per pending delivery, and the
// deliver function delivers each — events taken from what really went to the (fake) event API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { Webhook } from "standardwebhooks";
import { db } from "../../../lib/db/client";
import { newId } from "../../../lib/ids";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveriesOf, realSleeps, runDeliver, setUpTenant, useInngestExecutor, type TenantKit } from "./harness";
import type { SentEvent } from "./fake-inngest";

const { fake, fanOutFunction, deliverFunction } = await useInngestExecutor();

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/** An event as Inngest would hand it to a function. */
const asTrigger = ({ eventKey: _key, ...event }: SentEvent) => event as { name: string; data: Record<string, unknown>; id?: string };

async function fanOut(event: SentEvent) {
  const before = fake.events.length;
  const { result, error } = await new InngestTestEngine({ function: fanOutFunction }).execute({ events: [asTrigger(event) as any] });
  expect(error).toBeUndefined();
  return { result, sent: fake.events.slice(before) };
}

describe("publish → fan-out → deliver", () => {
  let kit: TenantKit;
  const endpoints: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    kit = await setUpTenant("Fan-out");
    endpoints.plain = await kit.endpoint(receiver.url.replace("/hook", "/plain"));
    endpoints.limited = await kit.endpoint(receiver.url.replace("/hook", "/limited"), { rateLimitPerSecond: 3 });
    endpoints.off = await kit.endpoint(receiver.url.replace("/hook", "/off"), { disabled: true });
  });

  it("sends one message.published event per publish, with an id from the message id", async () => {
    const messageId = await kit.publish({ orderId: 1 });
    const published = fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId);
    expect(published).toEqual([
      expect.objectContaining({ id: `publish-${messageId}`, data: { messageId, tenantId: kit.tenant.id }, eventKey: expect.any(String) }),
    ]);
    // Nothing is scheduled before the fan-out runs.
    expect(fake.named("hookyard/delivery.scheduled").filter((e) => e.data.endpointId === endpoints.plain.id)).toHaveLength(0);
  });

  it("fans out to one delivery.scheduled event per pending delivery, deduplicated by delivery id", async () => {
    const messageId = await kit.publish({ orderId: 2 });
    const [published] = fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId);
    const deliveries = await deliveriesOf(messageId);
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual([endpoints.plain.id, endpoints.limited.id].sort());

    const { result, sent } = await fanOut(published);
    expect(result).toEqual({ messageId, scheduled: 2 });
    expect(sent).toHaveLength(2);
    for (const d of deliveries) {
      const event = sent.find((e) => e.data.deliveryId === d.id)!;
      expect(event).toMatchObject({ name: "hookyard/delivery.scheduled", id: `deliver-${d.id}-0`, data: { deliveryId: d.id, endpointId: d.endpointId } });
    }
    // Throttle lanes: the endpoint limited to 3/s uses lanes 0-2; the unlimited one a key per delivery.
    const limited = sent.find((e) => e.data.endpointId === endpoints.limited.id)!;
    expect(limited.data).toMatchObject({ rateLimitPerSecond: 3, lane: expect.stringMatching(/^[012]$/) });
    const plain = sent.find((e) => e.data.endpointId === endpoints.plain.id)!;
    expect(plain.data).toMatchObject({ rateLimitPerSecond: null, lane: plain.data.deliveryId });

    // A replay sends the same ids, which Inngest drops.
    const again = await fanOut(published);
    expect(again.sent.map((e) => e.id).sort()).toEqual(sent.map((e) => e.id).sort());
  });

  it("delivers each scheduled delivery with the deliver function", async () => {
    const messageId = await kit.publish({ orderId: 3 });
    const [published] = fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId);
    const { sent } = await fanOut(published);
    for (const event of sent) {
      const { result } = await runDeliver(deliverFunction, asTrigger(event), realSleeps(event.data.deliveryId));
      expect(result).toMatchObject({ status: "succeeded", iterations: 1 });
    }
    for (const name of ["plain", "limited"] as const) {
      const [req] = receiver.requests.filter((r) => r.path === `/${name}` && r.headers["webhook-id"] === messageId);
      expect(new Webhook(endpoints[name].secret).verify(req.body, req.headers)).toMatchObject({ data: { orderId: 3 } });
    }
    expect((await deliveriesOf(messageId)).map((d) => d.status)).toEqual(["succeeded", "succeeded"]);

    // Once delivered, a replayed fan-out has nothing left to schedule.
    const { result } = await fanOut(published);
    expect(result).toEqual({ messageId, scheduled: 0 });
  });
});

describe("a large fan-out", () => {
  it("sends its events in batches of 500, one step each", async () => {
    const kit = await setUpTenant("Wide");
    await db().endpoint.createMany({
      data: Array.from({ length: 501 }, (_, i) => ({ id: newId("endpoint"), tenantId: kit.tenant.id, url: `https://example.com/${i}`, eventTypes: [] })),
    });
    const messageId = await kit.publish({ wide: true });
    const [published] = fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId);

    const before = fake.events.length;
    const { result, ctx } = await new InngestTestEngine({ function: fanOutFunction }).execute({ events: [asTrigger(published) as any] });
    expect(result).toEqual({ messageId, scheduled: 501 });
    expect(ctx.step.sendEvent.mock.calls.map((c) => [c[0], (c[1] as unknown[]).length])).toEqual([
      ["schedule-deliveries-1", 500],
      ["schedule-deliveries-2", 1],
    ]);
    const ids = new Set(fake.events.slice(before).map((e) => e.data.deliveryId));
    expect(ids.size).toBe(501);
  });
});
