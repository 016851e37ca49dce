import { describe, expect, it } from "vitest";
import { FairShare } from "../../../lib/executors/local/fair-share";

const limits = { capacity: 16, perTenant: 8, perEndpoint: 4 };

describe("FairShare", () => {
  it("refills the endpoints running here, up to the room each has left", () => {
    const share = new FairShare(limits);
    share.start("t1", "a");
    share.start("t1", "a");
    share.start("t1", "b");
    const caps = share.caps(new Map());
    expect(Object.fromEntries(caps.endpointIds.map((id, i) => [id, caps.endpointCaps[i]]))).toEqual({ a: 2, b: 3 });
    expect(caps.free).toBe(13);
  });

  it("refills an endpoint whose last request just ended: its backlog does not wait for the next poll", () => {
    const share = new FairShare(limits);
    share.start("t1", "a");
    share.sent("t1", "a");
    share.finished();
    const caps = share.caps(new Map());
    expect(caps.endpointIds).toEqual(["a"]);
    expect(caps.endpointCaps).toEqual([4]);
    // Once looked at, it is an endpoint like any other: found by the window of due rows.
    expect(share.caps(new Map()).endpointIds).toEqual([]);
  });

  it("caps a rate-limited endpoint at its tokens, and says how much room it has if the limit is gone", () => {
    const share = new FairShare(limits);
    const caps = share.caps(new Map([["slow", 1]]));
    expect(caps.endpointIds).toEqual(["slow"]);
    expect(caps.endpointCaps).toEqual([1]);
    expect(caps.endpointRooms).toEqual([4]);
  });
});
