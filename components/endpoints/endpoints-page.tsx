"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EndpointStatsJson } from "@/lib/schemas/stats";
import { endpointQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { cn, focusRing } from "../ui/cn";
import { formatCount, formatPercent, shortUrl } from "../ui/format";
import { DeliverySuccess } from "./delivery-success";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { PageHeader } from "../ui/page-header";
import { CreateTestInboxButton } from "./quick-start";
import { EndpointStatusBadge, EventTypeChips } from "./status";

const deliveriesOf = (s: EndpointStatsJson) => Object.values(s.deliveryOutcomes).reduce((a, b) => a + b, 0);

export function EndpointsPage() {
  const tenant = useTenant();
  const endpoints = useQuery(endpointQueries.list(tenant.id));
  const stats = useQuery(endpointQueries.stats(tenant.id));
  const byId = new Map((stats.data?.data ?? []).map((s) => [s.endpointId, s]));
  return (
    <>
      <PageHeader
        title="Endpoints"
        description={`Where ${tenant.name} receives webhooks. Health figures cover the last 24 hours.`}
        actions={
          tenant.canWrite && (
            <>
              <CreateTestInboxButton />
              <ButtonLink href={tenantPath(tenant, "/endpoints/new")} variant="primary">
                Add endpoint
              </ButtonLink>
            </>
          )
        }
      />
      <Card>
        {endpoints.isPending ? (
          <LoadingState label="Loading endpoints…" />
        ) : endpoints.isError ? (
          <ErrorState error={endpoints.error} onRetry={() => endpoints.refetch()} />
        ) : endpoints.data.length === 0 ? (
          <EmptyState
            title="No endpoints yet"
            description={
              tenant.canWrite
                ? "Add the URL that should receive webhooks — or start with a test inbox: Hookyard creates a capture URL and an endpoint pointing at it, so you can watch a signed webhook arrive without any other tool."
                : "This tenant has no endpoints yet."
            }
            actions={
              tenant.canWrite && (
                <>
                  <CreateTestInboxButton variant="primary" />
                  <ButtonLink href={tenantPath(tenant, "/endpoints/new")}>Add endpoint</ButtonLink>
                </>
              )
            }
          />
        ) : (
          <Table label="Endpoints">
            <THead>
              <TR>
                <TH>Endpoint</TH>
                <TH className="hidden sm:table-cell">Status</TH>
                <TH className="hidden md:table-cell">Event types</TH>
                <TH className="hidden text-right sm:table-cell">Delivered (24 h)</TH>
                <TH className="hidden text-right sm:table-cell">Deliveries (24 h)</TH>
                <TH className="hidden lg:table-cell">Last delivery</TH>
              </TR>
            </THead>
            <TBody>
              {endpoints.data.map((e) => {
                const s = byId.get(e.id);
                return (
                  <TR key={e.id} className="hover:bg-slate-50">
                    <TD className="max-w-[16rem] sm:max-w-xs">
                      <Link
                        href={tenantPath(tenant, `/endpoints/${e.id}`)}
                        className={cn("block truncate font-medium text-slate-900 hover:text-indigo-700", focusRing)}
                        title={e.url}
                      >
                        {shortUrl(e.url)}
                      </Link>
                      {e.description && <p className="truncate text-xs text-slate-500">{e.description}</p>}
                      <p className="mt-1.5 flex items-center gap-2 text-xs sm:hidden">
                        <EndpointStatusBadge endpoint={e} />
                        {s && (
                          <span>
                            <DeliverySuccess stats={s} compact /> delivered
                          </span>
                        )}
                      </p>
                    </TD>
                    <TD className="hidden sm:table-cell">
                      <EndpointStatusBadge endpoint={e} />
                    </TD>
                    <TD className="hidden md:table-cell">
                      <EventTypeChips types={e.eventTypes} max={2} />
                    </TD>
                    <TD className="hidden text-right sm:table-cell" title={s?.attempts ? `${formatCount(s.attempts)} attempts, ${formatPercent(s.successRate)} of them succeeded` : undefined}>
                      {s ? <DeliverySuccess stats={s} compact /> : "…"}
                    </TD>
                    <TD className="hidden text-right tabular-nums sm:table-cell">{s ? formatCount(deliveriesOf(s)) : "…"}</TD>
                    <TD className="hidden lg:table-cell">
                      <RelativeTime value={s?.lastAttemptAt} fallback="Never" />
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
