"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { eventTypeQueries, messageQueries } from "@/lib/query/queries";
import { RANGES, rangeAfter } from "../deliveries/time-range";
import { tenantPath, useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { cn, focusRing } from "../ui/cn";
import { Field, Select } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { LoadMore, Table, TBody, TD, TH, THead, TR } from "../ui/table";

function preview(payload: unknown): string {
  const text = JSON.stringify(payload);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function MessagesPage() {
  const tenant = useTenant();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const catalog = useQuery(eventTypeQueries.list(true));
  const eventType = params.get("eventType") ?? "";
  const range = params.get("range") ?? "";
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params.toString());
    if (v) next.set(k, v);
    else next.delete(k);
    router.replace(next.size ? `${pathname}?${next}` : pathname, { scroll: false });
  };
  const query = useInfiniteQuery(messageQueries.list(tenant.id, { eventType: eventType || undefined, after: rangeAfter(range) }));
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageHeader title="Messages" description="Events published to this tenant. Each message fans out to every subscribed endpoint as a delivery." />
      <Card>
        <form className="grid grid-cols-2 gap-3 border-b border-slate-200 p-4 sm:px-5 lg:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
          <Field label="Event type">
            <Select value={eventType} onChange={(e) => set("eventType", e.target.value)}>
              <option value="">Any event type</option>
              <option value="hookyard.ping">hookyard.ping</option>
              {(catalog.data ?? []).map((t) => (
                <option key={t.id} value={t.name}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Time range">
            <Select value={range} onChange={(e) => set("range", e.target.value)}>
              {RANGES.filter((r) => r.value !== "custom").map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
        </form>
        {query.isPending ? (
          <LoadingState label="Loading messages…" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            title="No messages"
            description={eventType || range ? "No message matches these filters." : "Messages appear here when the operator publishes events for this tenant, or when you send a test event."}
          />
        ) : (
          <>
            <Table label="Messages">
              <THead>
                <TR>
                  <TH>Event type</TH>
                  <TH className="hidden md:table-cell">Payload</TH>
                  <TH className="hidden sm:table-cell">Message id</TH>
                  <TH>Created</TH>
                </TR>
              </THead>
              <TBody>
                {rows.map((m) => (
                  <TR key={m.id} className="hover:bg-slate-50">
                    <TD>
                      <Link href={tenantPath(tenant, `/messages/${m.id}`)} className={cn("font-mono text-xs font-medium text-slate-900 hover:text-indigo-700", focusRing)}>
                        {m.eventType}
                      </Link>
                      {m.isTest && (
                        <Badge tone="violet" className="ml-2">
                          test
                        </Badge>
                      )}
                    </TD>
                    <TD className="hidden max-w-md md:table-cell">
                      <code className="block truncate font-mono text-xs text-slate-600">{preview(m.payload)}</code>
                    </TD>
                    <TD className="hidden font-mono text-xs text-slate-500 sm:table-cell">{m.id}</TD>
                    <TD className="text-xs">
                      <RelativeTime value={m.createdAt} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <LoadMore query={query} />
          </>
        )}
      </Card>
    </>
  );
}
