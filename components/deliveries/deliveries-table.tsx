"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { DeliveryFilters } from "@/lib/schemas/messages";
import { deliveryQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { cn, focusRing } from "../ui/cn";
import { shortId, shortUrl } from "../ui/format";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Spinner } from "../ui/spinner";
import { LoadMore, Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useHeldBackRows } from "./hold-new-rows";
import { deliveryState, DeliveryStatusBadge, ResponseSummary } from "./status";

/**
 * Deliveries, newest first, polled while visible. Rows are keyed by id and the loaded pages are
 * refetched in place; new rows come in at the top only while the reader is there — scrolled down,
 * they wait behind an "N new" bar (useHeldBackRows), so the row being read stays where it is.
 */
export function DeliveriesTable({
  filters,
  showEndpoint = true,
  emptyText = "No deliveries yet.",
  pageSize = 50,
}: {
  filters: DeliveryFilters;
  showEndpoint?: boolean;
  emptyText?: string;
  pageSize?: number;
}) {
  const tenant = useTenant();
  const [live, setLive] = useState(true);
  const query = useInfiniteQuery({ ...deliveryQueries.list(tenant.id, filters, { limit: pageSize }), refetchInterval: live ? 5000 : false });
  const loaded = query.data?.pages.flatMap((p) => p.data) ?? [];
  const { listRef, shown: rows, held, showHeld } = useHeldBackRows(loaded, JSON.stringify(filters));

  return (
    <div>
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-2 text-xs text-slate-500 sm:px-5">
        <span aria-live="polite">{query.isPending ? "Loading…" : query.isError ? "" : `${rows.length}${query.hasNextPage ? "+" : ""} deliver${rows.length === 1 ? "y" : "ies"}`}</span>
        <label className="flex items-center gap-2">
          {query.isFetching && !query.isPending && <Spinner className="size-3" />}
          <input type="checkbox" className="size-3.5 accent-indigo-600" checked={live} onChange={(e) => setLive(e.target.checked)} />
          Live updates
        </label>
      </div>
      {query.isPending ? (
        <LoadingState label="Loading deliveries…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No deliveries" description={emptyText} />
      ) : (
        // Rows of one height (h-12) whatever their badges: a row changing state moves none below it.
        <div ref={listRef} className="scroll-mt-20">
          {held > 0 && (
            // No height of its own: the bar floats over the rows instead of pushing them down.
            <div className="sticky top-16 z-10 flex h-0 justify-center lg:top-4">
              <button
                type="button"
                onClick={showHeld}
                className={cn("mt-2 h-8 rounded-full bg-indigo-600 px-4 text-sm font-medium text-white shadow-lg hover:bg-indigo-700", focusRing)}
              >
                {held} new deliver{held === 1 ? "y" : "ies"} — show
              </button>
            </div>
          )}
          <Table label="Deliveries">
            <THead>
              <TR>
                <TH>Status</TH>
                <TH>Event type</TH>
                {showEndpoint && <TH className="hidden md:table-cell">Endpoint</TH>}
                <TH className="hidden text-right sm:table-cell">Attempts</TH>
                <TH>Response</TH>
                <TH className="hidden sm:table-cell">Created</TH>
              </TR>
            </THead>
            <TBody>
              {rows.map((d) => (
                <TR key={d.id} className="h-12 hover:bg-slate-50">
                  <TD className="whitespace-nowrap">
                    <Link href={tenantPath(tenant, `/deliveries/${d.id}`)} className={cn("rounded", focusRing)} aria-label={`Delivery ${d.id}: ${deliveryState(d)}`}>
                      <DeliveryStatusBadge status={deliveryState(d)} />
                    </Link>
                    {deliveryState(d) === "retrying" && d.nextAttemptAt && (
                      // On the badge's line: a row keeps its height as its delivery moves on.
                      <span className="ml-1.5 hidden text-xs text-slate-600 sm:inline">
                        next <RelativeTime value={d.nextAttemptAt} />
                      </span>
                    )}
                  </TD>
                  <TD>
                    <Link href={tenantPath(tenant, `/deliveries/${d.id}`)} className={cn("font-mono text-xs text-slate-900 hover:text-indigo-700", focusRing)}>
                      {d.eventType}
                    </Link>
                    {d.isTest && (
                      <Badge tone="violet" className="ml-2">
                        test
                      </Badge>
                    )}
                    <span className="mt-1 block text-xs text-slate-500 sm:hidden">
                      <RelativeTime value={d.createdAt} />
                    </span>
                  </TD>
                  {showEndpoint && (
                    <TD className="hidden max-w-[16rem] md:table-cell">
                      <span className="block truncate text-xs" title={d.endpointUrl}>
                        {d.endpointUrl ? shortUrl(d.endpointUrl) : d.endpointId}
                      </span>
                    </TD>
                  )}
                  <TD className="hidden text-right tabular-nums sm:table-cell">{d.attemptCount}</TD>
                  <TD>
                    {d.blockedBy ? (
                      <span className="text-xs text-amber-800">
                        Blocked behind{" "}
                        <Link href={tenantPath(tenant, `/deliveries/${d.blockedBy}`)} className={cn("font-mono underline hover:text-amber-950", focusRing)} title="Ordered endpoint: it waits for this earlier delivery">
                          {shortId(d.blockedBy)}
                        </Link>
                      </span>
                    ) : (
                      <ResponseSummary status={d.lastResponseStatus} error={d.lastError} />
                    )}
                  </TD>
                  <TD className="hidden text-xs sm:table-cell">
                    <RelativeTime value={d.createdAt} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <LoadMore query={query} />
        </div>
      )}
    </div>
  );
}
