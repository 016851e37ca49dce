"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { statsQueries } from "@/lib/query/queries";
import { Badge } from "../ui/badge";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, Select } from "../ui/field";
import { formatCount, formatMs, formatPercent, shortUrl } from "../ui/format";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { DeliveriesChart, LatencyChart, Legend } from "../ui/charts";

const WINDOWS = [
  { minutes: 15, label: "Last 15 minutes" },
  { minutes: 60, label: "Last hour" },
  { minutes: 360, label: "Last 6 hours" },
  { minutes: 1440, label: "Last 24 hours" },
  { minutes: 10080, label: "Last 7 days" },
];

function Stat({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <Card className="px-4 py-4 sm:px-5">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${tone ?? "text-slate-900"}`}>{value}</p>
    </Card>
  );
}

export function OverviewPage() {
  const [minutes, setMinutes] = useState(60);
  const query = useQuery(statsQueries.overview(minutes));
  const d = query.data;
  const rate = d && d.totals.attempts ? d.totals.succeeded / d.totals.attempts : null;
  const per = d?.stepMinutes === 60 ? "hour" : "minute";
  return (
    <>
      <PageHeader
        title="Overview"
        description="Delivery health across every tenant. Refreshes every 10 seconds."
        actions={
          <Field label={<span className="sr-only">Time window</span>}>
            <Select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} aria-label="Time window" className="w-44">
              {WINDOWS.map((w) => (
                <option key={w.minutes} value={w.minutes}>
                  {w.label}
                </option>
              ))}
            </Select>
          </Field>
        }
      />
      {query.isPending ? (
        <LoadingState label="Loading statistics…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <div className="space-y-6">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <Stat label="Attempts" value={formatCount(d!.totals.attempts)} />
            <Stat label="Attempt success" value={formatPercent(rate)} tone={rate === null ? undefined : rate >= 0.99 ? "text-emerald-700" : rate >= 0.9 ? "text-amber-700" : "text-rose-700"} />
            <Stat label="Latency p50" value={formatMs(d!.latency.p50)} />
            <Stat label="Latency p95" value={formatMs(d!.latency.p95)} />
          </div>
          <div className="grid gap-6 xl:grid-cols-2 [&>*]:min-w-0">
            <Card>
              <CardHeader title={`Attempts per ${per}`} description="Every delivery attempt, retries included, by outcome." actions={<Legend items={[{ label: "Succeeded", className: "bg-emerald-500" }, { label: "Failed", className: "bg-rose-500" }]} />} />
              <CardBody>
                <DeliveriesChart series={d!.series} per={per} />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Delivery latency" description="Attempt duration percentiles (approximate)." actions={<Legend items={[{ label: "p50", className: "bg-indigo-600" }, { label: "p95", className: "bg-amber-500" }]} />} />
              <CardBody>
                <LatencyChart series={d!.series} per={per} />
              </CardBody>
            </Card>
          </div>
          <Card>
            <CardHeader title="Failing endpoints" description="Endpoints whose every attempt has failed since the time shown." />
            {d!.failingEndpoints.length === 0 ? (
              <EmptyState title="All endpoints healthy" description="No endpoint is in a run of failures right now." />
            ) : (
              <Table label="Failing endpoints">
                <THead>
                  <TR>
                    <TH>Endpoint</TH>
                    <TH className="hidden sm:table-cell">Tenant</TH>
                    <TH className="hidden sm:table-cell">Failing since</TH>
                    <TH className="text-right">Failures</TH>
                  </TR>
                </THead>
                <TBody>
                  {d!.failingEndpoints.map((e) => (
                    <TR key={e.id}>
                      <TD className="max-w-xs">
                        <Link href={`/t/${e.tenantId}/endpoints/${e.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-700" title={e.url}>
                          {shortUrl(e.url)}
                        </Link>
                        <span className="block text-xs text-slate-500 sm:hidden">
                          failing since <RelativeTime value={e.failingSince} />
                        </span>
                        {e.disabled && (
                          <Badge tone="neutral" className="mt-1" title={e.disabledReason ?? undefined}>
                            Disabled
                          </Badge>
                        )}
                      </TD>
                      <TD className="hidden sm:table-cell">{e.tenantName}</TD>
                      <TD className="hidden text-xs sm:table-cell">
                        <RelativeTime value={e.failingSince} />
                      </TD>
                      <TD className="text-right tabular-nums">{formatCount(e.failedAttempts)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
