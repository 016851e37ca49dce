"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { AttemptJson, DeliveryDetailJson } from "@/lib/schemas/messages";
import { errorMessage } from "@/lib/query/fetcher";
import { deliveryMutations } from "@/lib/query/mutations";
import { deliveryQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock, prettyJson } from "../ui/code-block";
import { formatMs, shortUrl } from "../ui/format";
import { HeadersTable, KeyValue } from "../ui/key-value";
import { PageHeader } from "../ui/page-header";
import { formatExact, RelativeTime } from "../ui/relative-time";
import { ErrorState, LoadingState } from "../ui/states";
import { Spinner } from "../ui/spinner";
import { useToast } from "../ui/toast";
import { deliveryState, DeliveryStatusBadge, ERROR_CATEGORY_LABEL } from "./status";

const TRIGGER_LABEL: Record<AttemptJson["trigger"], string> = { scheduled: "Scheduled", manual: "Manual retry", test: "Test" };

/** What the receiver told us (README: The receiver decides). */
const DIRECTIVE: Record<NonNullable<AttemptJson["receiverDirective"]>, { badge: string; title: string; text: string }> = {
  gone: {
    badge: "410 Gone: endpoint disabled",
    title: "The receiver answered 410 Gone",
    text: "The receiver answered 410 Gone: the endpoint no longer exists, so Hookyard disabled it at once and sends nothing more until someone enables it again. This delivery is not retried.",
  },
  abort: {
    badge: "Receiver: do not retry",
    title: "The receiver sent webhook-delivery: abort",
    text: "The receiver answered with the header webhook-delivery: abort, asking Hookyard not to retry this message. This delivery gets no more attempts; the endpoint keeps receiving other messages.",
  },
};

function ReceiverDirective({ directive }: { directive: NonNullable<AttemptJson["receiverDirective"]> }) {
  return (
    <div role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200 ring-inset">
      <p className="font-medium">{DIRECTIVE[directive].title}</p>
      <p className="mt-0.5">{DIRECTIVE[directive].text}</p>
    </div>
  );
}

function AttemptCard({ attempt, open }: { attempt: AttemptJson; open: boolean }) {
  return (
    <details open={open} className="group rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="attempt">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-5 [&::-webkit-details-marker]:hidden">
        <span className="text-slate-400 transition-transform group-open:rotate-90" aria-hidden>
          ▸
        </span>
        <span className="font-medium text-slate-900">Attempt {attempt.number}</span>
        {attempt.succeeded ? (
          <Badge tone="green" dot>
            Succeeded
          </Badge>
        ) : (
          <Badge tone="red" dot>
            Failed
          </Badge>
        )}
        {attempt.responseStatus !== null && <Badge className="font-mono">{attempt.responseStatus}</Badge>}
        {attempt.errorCategory && <span className="text-sm text-rose-700">{ERROR_CATEGORY_LABEL[attempt.errorCategory] ?? attempt.errorCategory}</span>}
        {attempt.receiverDirective && (
          <Badge tone="amber" title={DIRECTIVE[attempt.receiverDirective].title}>
            {DIRECTIVE[attempt.receiverDirective].badge}
          </Badge>
        )}
        <span className="text-sm text-slate-500">{formatMs(attempt.durationMs)}</span>
        <span className="text-sm text-slate-500">{TRIGGER_LABEL[attempt.trigger]}</span>
        <span className="ml-auto text-sm text-slate-500">
          <RelativeTime value={attempt.startedAt} />
        </span>
      </summary>
      <div className="space-y-5 border-t border-slate-200 px-4 py-4 sm:px-5">
        {attempt.receiverDirective && <ReceiverDirective directive={attempt.receiverDirective} />}
        {attempt.error && (
          <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200 ring-inset">
            {attempt.error}
          </p>
        )}
        <div className="grid gap-5 xl:grid-cols-2">
          <section className="min-w-0 space-y-3">
            <h4 className="text-sm font-semibold text-slate-900">Request</h4>
            <p className="font-mono text-xs break-all text-slate-700">POST {attempt.url}</p>
            <HeadersTable headers={attempt.requestHeaders} label={`Attempt ${attempt.number} request headers`} />
            <CodeBlock code={prettyJson(attempt.requestBody)} label={`attempt ${attempt.number} request body`} maxHeight="max-h-72" />
          </section>
          <section className="min-w-0 space-y-3">
            <h4 className="text-sm font-semibold text-slate-900">Response</h4>
            {attempt.responseStatus === null ? (
              <p className="text-sm text-slate-500">No response was received.</p>
            ) : (
              <>
                <p className="text-sm text-slate-700">
                  Status <span className="font-mono font-medium">{attempt.responseStatus}</span> after {formatMs(attempt.durationMs)}, started {formatExact(new Date(attempt.startedAt))}
                </p>
                <HeadersTable headers={attempt.responseHeaders} label={`Attempt ${attempt.number} response headers`} />
                {attempt.responseBody ? (
                  <CodeBlock code={prettyJson(attempt.responseBody)} label={`attempt ${attempt.number} response body`} maxHeight="max-h-72" />
                ) : (
                  <p className="text-sm text-slate-500">Empty body</p>
                )}
              </>
            )}
          </section>
        </div>
      </div>
    </details>
  );
}

export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const tenant = useTenant();
  const toast = useToast();
  const [watchUntil, setWatchUntil] = useState(0);
  const query = useQuery({
    ...deliveryQueries.detail(tenant.id, deliveryId),
    // Poll while something is about to happen: a pending delivery, or just after a retry.
    refetchInterval: (q) => {
      const d = q.state.data as DeliveryDetailJson | undefined;
      if (Date.now() < watchUntil) return 1000;
      return d?.status === "pending" ? 2000 : false;
    },
  });
  const retry = useMutation(deliveryMutations.retry(tenant.id, deliveryId));
  const retryNow = () =>
    retry.mutate(undefined, {
      onSuccess: () => {
        setWatchUntil(Date.now() + 20_000);
        toast({ tone: "success", title: "Retry queued", description: "The new attempt appears below when it lands." });
      },
      onError: (err) => toast({ tone: "error", title: "Could not retry", description: errorMessage(err) }),
    });

  if (query.isPending) return <LoadingState label="Loading delivery…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const d = query.data;
  const attempts = [...d.attempts].reverse();
  return (
    <>
      <PageHeader
        back={{ href: tenantPath(tenant, "/deliveries"), label: "Deliveries" }}
        title={<span className="font-mono text-lg sm:text-xl">{d.eventType}</span>}
        badge={
          <>
            <DeliveryStatusBadge status={deliveryState(d)} />
            {d.isTest && <Badge tone="violet">test</Badge>}
          </>
        }
        description={<span className="font-mono text-xs">{d.id}</span>}
        actions={
          tenant.canWrite && (
            <Button variant="primary" onClick={retryNow} loading={retry.isPending}>
              Retry
            </Button>
          )
        }
      />
      <div className="space-y-6">
        {deliveryState(d) === "retrying" && !d.blockedBy && (
          <div role="status" className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
            <p className="font-medium">
              Retrying: {d.attemptCount} attempt{d.attemptCount === 1 ? " has" : "s have"} failed so far.
            </p>
            <p className="mt-0.5">
              {d.nextAttemptAt ? (
                <>
                  The next attempt is scheduled <RelativeTime value={d.nextAttemptAt} />. Retry now to attempt it at once.
                </>
              ) : (
                "The next attempt is on its way."
              )}
            </p>
          </div>
        )}
        {d.blockedBy && (
          <div role="status" className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
            <p className="font-medium">
              Blocked behind{" "}
              <Link href={tenantPath(tenant, `/deliveries/${d.blockedBy}`)} className="font-mono underline">
                {d.blockedBy}
              </Link>
            </p>
            <p className="mt-0.5">This endpoint takes messages in order, one at a time: this one goes once the earlier delivery succeeds or gives up.</p>
          </div>
        )}
        <Card>
          <CardBody>
            <KeyValue
              items={[
                {
                  label: "Endpoint",
                  value: (
                    <Link href={tenantPath(tenant, `/endpoints/${d.endpointId}`)} className="text-indigo-700 hover:underline" title={d.endpointUrl}>
                      {d.endpointUrl ? shortUrl(d.endpointUrl) : d.endpointId}
                    </Link>
                  ),
                },
                {
                  label: "Message",
                  value: (
                    <Link href={tenantPath(tenant, `/messages/${d.messageId}`)} className="font-mono text-xs text-indigo-700 hover:underline">
                      {d.messageId}
                    </Link>
                  ),
                },
                { label: "Attempts", value: d.attemptCount },
                { label: "Created", value: <RelativeTime value={d.createdAt} /> },
                { label: "Last attempt", value: <RelativeTime value={d.lastAttemptAt} fallback="Not yet" /> },
                {
                  label: "Next attempt",
                  value: d.nextAttemptAt ? <RelativeTime value={d.nextAttemptAt} /> : <span className="text-slate-500">{d.blockedBy ? "After the one in front" : d.status === "pending" ? "Soon" : "None scheduled"}</span>,
                },
              ]}
            />
          </CardBody>
        </Card>

        <section aria-labelledby="attempts-heading" className="space-y-3">
          <div className="flex items-center gap-2">
            <h2 id="attempts-heading" className="text-base font-semibold text-slate-900">
              Attempts
            </h2>
            {(d.status === "pending" || Date.now() < watchUntil) && (
              <span className="flex items-center gap-1.5 text-xs text-slate-500">
                <Spinner className="size-3" /> watching for new attempts
              </span>
            )}
          </div>
          {attempts.length === 0 ? (
            <Card>
              <CardBody>
                <p className="text-sm text-slate-600">No attempt yet{d.nextAttemptAt ? "; the first one is scheduled." : "."}</p>
              </CardBody>
            </Card>
          ) : (
            attempts.map((a, i) => <AttemptCard key={a.id} attempt={a} open={i === 0} />)
          )}
        </section>

        <Card>
          <CardHeader title="Payload" description="The message's data, as published." level={2} />
          <CardBody>
            <CodeBlock code={JSON.stringify(d.message.payload, null, 2)} label="payload" />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
