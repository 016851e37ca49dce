// The executor hooks with HOOKYARD_EXECUTOR=inngest, driven through the API: what each action
// sends to Inngest's event API.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { del, patch, post } from "../../helpers/api";
import { deliveriesOf, setUpTenant, useInngestExecutor, type TenantKit } from "./harness";

const { fake } = await useInngestExecutor();

let kit: TenantKit;
beforeAll(async () => {
  kit = await setUpTenant("Hooks");
});

const scheduledFor = (deliveryId: string) => fake.named("hookyard/delivery.scheduled").filter((e) => e.data.deliveryId === deliveryId);

describe("inngest executor hooks", () => {
  it("publishing sends one message.published per message, whatever its number of deliveries", async () => {
    await kit.endpoint("https://example.com/a");
    await kit.endpoint("https://example.com/b", { rateLimitPerSecond: 5 });
    const messageId = await kit.publish({ n: 1 });
    expect(await db().delivery.count({ where: { messageId } })).toBe(2);
    expect(fake.named("hookyard/message.published").filter((e) => e.data.messageId === messageId)).toHaveLength(1);
  });

  it("a manual retry schedules that delivery, with its endpoint's rate-limit lane", async () => {
    const ep = await kit.endpoint("https://example.com/retry", { rateLimitPerSecond: 2 });
    const messageId = await kit.publish({ n: 2 });
    const delivery = (await deliveriesOf(messageId)).find((d) => d.endpointId === ep.id)!;
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "failed", nextAttemptAt: null } });

    const res = await post(`/api/v1/tenants/${kit.tenant.id}/deliveries/${delivery.id}/retry`, {}, kit.tenant.key);
    expect(res.status).toBe(202);
    const [event] = scheduledFor(delivery.id);
    expect(event.data).toEqual({ deliveryId: delivery.id, tenantId: kit.tenant.id, endpointId: ep.id, lane: expect.stringMatching(/^[01]$/), rateLimitPerSecond: 2 });
    // A deliberate retry has no event id: it always starts a run.
    expect(event.id).toBeUndefined();
  });

  it("a test event schedules its one delivery", async () => {
    const ep = await kit.endpoint("https://example.com/test");
    const res = await post(`/api/v1/tenants/${kit.tenant.id}/endpoints/${ep.id}/test`, {}, kit.tenant.key);
    expect(res.status).toBe(202);
    expect(scheduledFor(res.body.deliveryId).map((e) => e.data)).toEqual([
      { deliveryId: res.body.deliveryId, tenantId: kit.tenant.id, endpointId: ep.id, lane: res.body.deliveryId, rateLimitPerSecond: null },
    ]);
  });

  it("recovering an endpoint schedules each recovered delivery", async () => {
    const ep = await kit.endpoint("https://example.com/recover");
    const first = await kit.publish({ n: 3 });
    const second = await kit.publish({ n: 4 });
    const ids = [...(await deliveriesOf(first)), ...(await deliveriesOf(second))].filter((d) => d.endpointId === ep.id).map((d) => d.id);
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { status: "failed", nextAttemptAt: null } });

    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await post(`/api/v1/tenants/${kit.tenant.id}/endpoints/${ep.id}/recover`, { since }, kit.tenant.key);
    expect(res.status).toBe(202);
    for (const id of ids) expect(scheduledFor(id)).toHaveLength(1);
  });

  it("disabling and deleting an endpoint send the events the deliver function's cancelOn matches", async () => {
    const ep = await kit.endpoint("https://example.com/gone");
    await patch(`/api/v1/tenants/${kit.tenant.id}/endpoints/${ep.id}`, { disabled: true }, kit.tenant.key);
    // Disabling twice is one event: only the change is announced.
    await patch(`/api/v1/tenants/${kit.tenant.id}/endpoints/${ep.id}`, { disabled: true }, kit.tenant.key);
    expect(await del(`/api/v1/tenants/${kit.tenant.id}/endpoints/${ep.id}`, kit.tenant.key)).toMatchObject({ status: 204 });
    expect(fake.named("hookyard/endpoint.disabled").filter((e) => e.data.endpointId === ep.id)).toHaveLength(1);
    expect(fake.named("hookyard/endpoint.deleted").map((e) => e.data)).toContainEqual({ endpointId: ep.id });
  });
});
