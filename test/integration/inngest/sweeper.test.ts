// The sweeper: the database is the source of truth, so a pending delivery that is overdue and
// held by nobody gets its delivery.scheduled event again — whatever happened to the first one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { db } from "../../../lib/db/client";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { captureLogs } from "../../helpers/logs";
import { deliveriesOf, realSleeps, runDeliver, setUpTenant, useInngestExecutor, type TenantKit } from "./harness";

const { fake, sweeperFunction, deliverFunction } = await useInngestExecutor();

let receiver: Receiver;
let kit: TenantKit;
beforeAll(async () => {
  receiver = await startReceiver();
  kit = await setUpTenant("Sweeper");
  await kit.endpoint(receiver.url);
});
afterAll(() => receiver.close());

async function publishOne(tag: string): Promise<string> {
  const [delivery] = await deliveriesOf(await kit.publish({ tag }));
  return delivery.id;
}

/** Moves a delivery's nextAttemptAt (and lease) relative to the database's now. */
async function setTimes(id: string, overdueSeconds: number, leaseSeconds: number | null = null) {
  await db().$executeRaw`
    UPDATE "Delivery" SET
      "nextAttemptAt" = now() AT TIME ZONE 'UTC' - make_interval(secs => ${overdueSeconds}),
      "leaseUntil" = CASE WHEN ${leaseSeconds}::int IS NULL THEN NULL ELSE now() AT TIME ZONE 'UTC' + make_interval(secs => ${leaseSeconds}::int) END
    WHERE id = ${id}`;
}

async function sweep() {
  const before = fake.events.length;
  const { result, error } = await new InngestTestEngine({ function: sweeperFunction }).execute();
  expect(error).toBeUndefined();
  return { result, sent: fake.events.slice(before) };
}

describe("the sweeper", () => {
  it("re-sends pending deliveries overdue by more than two minutes that nobody holds, and no others", async () => {
    const lost = await publishOne("lost");
    const expiredLease = await publishOne("expired lease");
    const held = await publishOne("held");
    const recent = await publishOne("recent");
    const finished = await publishOne("finished");
    await setTimes(lost, 300);
    await setTimes(expiredLease, 600, -30);
    await setTimes(held, 300, 60);
    await setTimes(recent, 60);
    await setTimes(finished, 300);
    await db().delivery.update({ where: { id: finished }, data: { status: "succeeded" } });

    const { result, sent } = await sweep();
    expect(result).toEqual({ rescheduled: 2 });
    // Oldest first; the id carries the delivery's state and the hour of overdueness.
    expect(sent.map((e) => [e.name, e.id, e.data.deliveryId])).toEqual([
      ["hookyard/delivery.scheduled", `sweep-${expiredLease}-0-0`, expiredLease],
      ["hookyard/delivery.scheduled", `sweep-${lost}-0-0`, lost],
    ]);

    // The next minute's sweep sends the same ids (Inngest drops them) until the state changes.
    const again = await sweep();
    expect(again.sent.map((e) => e.id)).toEqual(sent.map((e) => e.id));

    // The re-sent event delivers.
    const event = sent.find((e) => e.data.deliveryId === lost)!;
    const { result: run } = await runDeliver(deliverFunction, { name: event.name, data: event.data, id: event.id }, realSleeps(lost));
    expect(run).toMatchObject({ status: "succeeded" });
    const after = await sweep();
    expect(after.result).toEqual({ rescheduled: 1 });
    await db().delivery.updateMany({ where: { id: { in: [expiredLease, held, recent] } }, data: { status: "canceled" } });
  });

  it("re-sends a delivery stuck for another hour under a new id", async () => {
    const stuck = await publishOne("stuck");
    await setTimes(stuck, 2 * 3600 + 60);
    const { sent } = await sweep();
    expect(sent.map((e) => e.id)).toEqual([`sweep-${stuck}-0-2`]);
    await db().delivery.update({ where: { id: stuck }, data: { status: "canceled" } });
  });

  it("is what delivers a message published while Inngest was unreachable", async () => {
    const logs = captureLogs("error");
    fake.down = true;
    let deliveryId: string;
    try {
      deliveryId = await publishOne("while down"); // still 202: the publish does not fail
    } finally {
      fake.down = false;
      logs.stop();
    }
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: "error", what: "1 message.published event(s)", msg: expect.stringMatching(/^inngest: could not send events/) }));
    expect(fake.events.filter((e) => e.data.deliveryId === deliveryId)).toHaveLength(0);

    await setTimes(deliveryId, 150);
    const { sent } = await sweep();
    expect(sent.map((e) => e.data.deliveryId)).toEqual([deliveryId]);
    const { result } = await runDeliver(deliverFunction, { name: sent[0].name, data: sent[0].data, id: sent[0].id }, realSleeps(deliveryId));
    expect(result).toMatchObject({ status: "succeeded" });
    expect(receiver.requests.filter((r) => JSON.parse(r.body).data.tag === "while down")).toHaveLength(1);
  });
});
