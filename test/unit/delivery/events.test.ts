// The engine's listeners (lib/delivery/events.ts): a process that delivers without having set them
// would drop operational webhooks without a word, so its executors refuse to start; once set, they
// hear each event in the order given, and setting them again (a start-up run twice) replaces them.
import { describe, expect, it } from "vitest";
import { attemptDelivery } from "../../../lib/delivery/attempt";
import { emitDeliveryEvent, setDeliveryListeners, type DeliveryEvent } from "../../../lib/delivery/events";
import { LocalExecutor } from "../../../lib/executors/local";

const disabled: DeliveryEvent = {
  type: "endpoint.disabled",
  endpoint: { id: "ep_1", tenantId: "ten_1", url: "https://example.com/hook" },
  reason: "It answered 410 Gone",
  cause: "gone",
  disabledAt: new Date(),
};

describe("the delivery engine's listeners", () => {
  it("must be set before an executor delivers: the local executor and the Inngest attempt refuse", async () => {
    const executor = new LocalExecutor({ concurrency: 1, perTenantConcurrency: 1, perEndpointConcurrency: 1, shutdownGraceMs: 0 });
    await expect(executor.start()).rejects.toThrow(/listeners are not set in this process \(wireDeliveryEvents/);
    await expect(attemptDelivery("dlv_none")).rejects.toThrow(/listeners are not set/);
  });

  it("hear each event in the order set; setting them again replaces them", async () => {
    const heard: string[] = [];
    const listener = (name: string) => async (event: DeliveryEvent) => void heard.push(`${name}:${event.type}`);
    setDeliveryListeners([listener("executor"), listener("operator")]);
    await emitDeliveryEvent(disabled);
    setDeliveryListeners([listener("again")]);
    await emitDeliveryEvent(disabled);
    expect(heard).toEqual(["executor:endpoint.disabled", "operator:endpoint.disabled", "again:endpoint.disabled"]);
  });
});
