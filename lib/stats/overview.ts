// The operator overview: deliveries per minute (succeeded vs failed), attempt latency
// percentiles, and the endpoints that are failing now — all computed in SQL over Attempt rows.
// Attempts are reached per tenant (a lateral join on Attempt(tenantId, startedAt)) so the window
// is an index range scan per tenant rather than a scan of the whole table.
import type { DbTx } from "../db/client";
import type { OverviewJson } from "../api/schemas/stats";

interface MinuteRow {
  minute: Date | null;
  succeeded: number;
  failed: number;
  p50: number | null;
  p95: number | null;
}

interface FailingRow {
  id: string;
  tenantId: string;
  tenantName: string;
  url: string;
  disabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  failedAttempts: number;
}

const MINUTE = 60_000;
const round = (v: number | null) => (v === null ? null : Math.round(v));

export async function statsOverview(db: DbTx, opts: { minutes: number; now?: Date }): Promise<OverviewJson> {
  const to = opts.now ?? new Date();
  const from = new Date(Math.floor(to.getTime() / MINUTE) * MINUTE - (opts.minutes - 1) * MINUTE);

  // One row per minute plus the grand total (minute NULL), from GROUPING SETS.
  const rows = await db.$queryRaw<MinuteRow[]>`
    WITH recent AS (
      SELECT a."startedAt", a.succeeded, a."durationMs"
      FROM "Tenant" t
      CROSS JOIN LATERAL (
        SELECT "startedAt", succeeded, "durationMs" FROM "Attempt"
        WHERE "tenantId" = t.id AND "startedAt" >= ${from} AND "startedAt" <= ${to}
      ) a
    )
    SELECT date_trunc('minute', "startedAt") AS minute,
           (count(*) FILTER (WHERE succeeded))::int AS succeeded,
           (count(*) FILTER (WHERE NOT succeeded))::int AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") AS p95
    FROM recent
    GROUP BY GROUPING SETS ((date_trunc('minute', "startedAt")), ())`;

  const failing = await db.$queryRaw<FailingRow[]>`
    SELECT e.id, e."tenantId", t.name AS "tenantName", e.url, e.disabled, e."disabledReason", e."failingSince",
           (SELECT count(*) FROM "Attempt" a
             WHERE a."endpointId" = e.id AND a."startedAt" >= ${from} AND NOT a.succeeded)::int AS "failedAttempts"
    FROM "Endpoint" e JOIN "Tenant" t ON t.id = e."tenantId"
    WHERE e."failingSince" IS NOT NULL
    ORDER BY e."failingSince" ASC
    LIMIT 20`;

  const total = rows.find((r) => r.minute === null);
  const byMinute = new Map(rows.filter((r) => r.minute).map((r) => [r.minute!.getTime(), r]));
  const series: OverviewJson["series"] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += MINUTE) {
    const r = byMinute.get(t);
    series.push({ minute: new Date(t).toISOString(), succeeded: r?.succeeded ?? 0, failed: r?.failed ?? 0, p50: round(r?.p50 ?? null), p95: round(r?.p95 ?? null) });
  }
  return {
    minutes: opts.minutes,
    from: from.toISOString(),
    to: to.toISOString(),
    totals: {
      attempts: (total?.succeeded ?? 0) + (total?.failed ?? 0),
      succeeded: total?.succeeded ?? 0,
      failed: total?.failed ?? 0,
    },
    latency: { p50: round(total?.p50 ?? null), p95: round(total?.p95 ?? null) },
    series,
    failingEndpoints: failing.map((f) => ({ ...f, failingSince: f.failingSince?.toISOString() ?? null })),
  };
}
