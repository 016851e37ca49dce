// The worker's bounds: set one lower and the ones below it follow, rather than the server refusing
// to start over a default the operator never chose; set one higher than the bound above it and
// the start is refused with the reason.
import { afterEach, describe, expect, it } from "vitest";
import { env, reloadEnv } from "../../../lib/env";

const KEYS = ["HOOKYARD_WORKER_CONCURRENCY", "HOOKYARD_WORKER_CONCURRENCY_PER_TENANT", "HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

function bounds(set: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, set);
  reloadEnv();
  const e = env();
  return [e.HOOKYARD_WORKER_CONCURRENCY, e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT, e.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT];
}

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  reloadEnv();
});

describe("worker concurrency bounds", () => {
  it("default to 256 slots, 128 per tenant, 64 per endpoint", () => {
    expect(bounds({})).toEqual([256, 128, 64]);
  });

  it("follow a lower bound above them", () => {
    expect(bounds({ HOOKYARD_WORKER_CONCURRENCY: "16" })).toEqual([16, 8, 8]);
    expect(bounds({ HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: "16" })).toEqual([256, 16, 16]);
    expect(bounds({ HOOKYARD_WORKER_CONCURRENCY: "1000" })).toEqual([1000, 128, 64]);
  });

  it("refuse a bound set above the one it lives in", () => {
    expect(() => bounds({ HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: "16", HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: "32" })).toThrow(
      /PER_ENDPOINT: 32 is more than HOOKYARD_WORKER_CONCURRENCY_PER_TENANT \(16\)/,
    );
    expect(() => bounds({ HOOKYARD_WORKER_CONCURRENCY: "64", HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: "100" })).toThrow(/PER_TENANT: 100 is more than/);
  });
});
