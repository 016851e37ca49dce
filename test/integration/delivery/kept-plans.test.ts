// The worker's claims run many times a second. PostgreSQL must plan each claim statement once per
// connection and keep that plan: replanned on every run, a claim cost ~3 ms of PostgreSQL CPU,
// more than running it (db/client.ts, "Plans"). These claims go through keptPlanDb(), whose
// sessions keep generic plans. On db() the same statements get custom plans: the first five runs
// on each connection always, and under load every run (a generic plan costs their array
// parameters at 100 rows; 857 plans for 858 claims in the bench).
import { expect, it } from "vitest";
import { keptPlanDb } from "../../../lib/db/client";
import { claimDue } from "../../../lib/executors/local/claims";
import type { ClaimCaps } from "../../../lib/executors/local/fair-share";

const caps: ClaimCaps = {
  free: 128,
  reserve: 32,
  small: 8,
  perTenant: 32,
  endpointIds: ["ep_a", "ep_b"],
  endpointCaps: [4, 8],
  endpointRooms: [4, 8],
  otherEndpointCap: 64,
  tenantIds: ["t_a"],
  tenantRunning: [3],
};

it("runs the claim on one kept plan, not a new plan per run", async () => {
  // One at a time: the pool hands back the connection it just got back, so every claim and the
  // check below share one session (pg_prepared_statements is per session).
  for (let i = 0; i < 12; i++) await claimDue(caps, 100, true, `kept-plans-${i}`);
  const rows = await keptPlanDb().$queryRaw<{ generic: number; custom: number }[]>`
    SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
    FROM pg_prepared_statements WHERE name LIKE 'hy_claim_%'`;
  expect(rows[0]).toEqual({ generic: 12, custom: 0 });
});
