"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { endpointQueries, messageQueries } from "@/lib/query/queries";
import { deliveryState, DeliveryStatusBadge, ResponseSummary } from "../deliveries/status";
import { tenantPath, useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock } from "../ui/code-block";
import { shortUrl } from "../ui/format";
import { KeyValue } from "../ui/key-value";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";

export function MessageDetail({ messageId }: { messageId: string }) {
  const tenant = useTenant();
  const query = useQuery(messageQueries.detail(tenant.id, messageId));
  const endpoints = useQuery(endpointQueries.list(tenant.id));
  if (query.isPending) return <LoadingState label="Loading message…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const m = query.data;
  const urls = new Map((endpoints.data ?? []).map((e) => [e.id, e.url]));
  const deliveries = m.deliveries ?? [];
  return (
    <>
      <PageHeader
        back={{ href: tenantPath(tenant, "/messages"), label: "Messages" }}
        title={<span className="font-mono text-lg sm:text-xl">{m.eventType}</span>}
        badge={m.isTest ? <Badge tone="violet">test</Badge> : undefined}
        description={<span className="font-mono text-xs">{m.id}</span>}
      />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <KeyValue
              items={[
                { label: "Created", value: <RelativeTime value={m.createdAt} /> },
                { label: "Version", value: `v${m.version}` },
                { label: "Idempotency key", value: m.idempotencyKey ?? <span className="text-slate-500">None</span> },
                { label: "Deliveries", value: deliveries.length },
              ]}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Deliveries" description="One per subscribed endpoint." />
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries" description="No enabled endpoint was subscribed to this event type when it was published." />
          ) : (
            <Table label="Deliveries of this message">
              <THead>
                <TR>
                  <TH>Status</TH>
                  <TH>Endpoint</TH>
                  <TH className="text-right">Attempts</TH>
                  <TH>Response</TH>
                </TR>
              </THead>
              <TBody>
                {deliveries.map((d) => (
                  <TR key={d.id}>
                    <TD>
                      <Link href={tenantPath(tenant, `/deliveries/${d.id}`)} aria-label={`Delivery ${d.id}: ${d.status}`}>
                        <DeliveryStatusBadge status={deliveryState(d)} />
                      </Link>
                    </TD>
                    <TD className="max-w-xs">
                      <Link href={tenantPath(tenant, `/deliveries/${d.id}`)} className="block truncate text-slate-900 hover:text-indigo-700">
                        {urls.get(d.endpointId) ? shortUrl(urls.get(d.endpointId)!) : d.endpointId}
                      </Link>
                    </TD>
                    <TD className="text-right tabular-nums">{d.attemptCount}</TD>
                    <TD>
                      <ResponseSummary status={d.lastResponseStatus} error={d.lastError} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Payload" />
          <CardBody>
            <CodeBlock code={JSON.stringify(m.payload, null, 2)} label="payload" />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
