"use client";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { InboxRequestJson } from "@/lib/schemas/inboxes";
import { errorMessage } from "@/lib/query/fetcher";
import { inboxMutations } from "@/lib/query/mutations";
import { inboxQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody } from "../ui/card";
import { CodeBlock, prettyJson } from "../ui/code-block";
import { CopyButton } from "../ui/copy-button";
import { ConfirmDialog } from "../ui/dialog";
import { HeadersTable } from "../ui/key-value";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Spinner } from "../ui/spinner";
import { useToast } from "../ui/toast";

function SignatureBadge({ signature }: { signature: InboxRequestJson["signature"] }) {
  return signature.verified ? (
    <Badge tone="green" dot title={signature.endpointId ? `Signed with the secret of ${signature.endpointId}` : undefined}>
      Signature verified
    </Badge>
  ) : (
    <Badge tone="amber" dot title={signature.reason}>
      Not verified
    </Badge>
  );
}

function CapturedRequest({ request, open }: { request: InboxRequestJson; open: boolean }) {
  const type = request.headers["content-type"] ?? "";
  let eventType: string | null = null;
  try {
    eventType = (JSON.parse(request.body) as { type?: string }).type ?? null;
  } catch {
    /* not JSON */
  }
  return (
    <details open={open} className="group rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="captured-request">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:px-5 [&::-webkit-details-marker]:hidden">
        <span className="text-slate-400 transition-transform group-open:rotate-90" aria-hidden>
          ▸
        </span>
        <Badge className="font-mono">{request.method}</Badge>
        {eventType && <span className="font-mono text-sm text-slate-900">{eventType}</span>}
        <SignatureBadge signature={request.signature} />
        <span className="ml-auto text-sm text-slate-500">
          <RelativeTime value={request.receivedAt} />
        </span>
      </summary>
      <div className="space-y-4 border-t border-slate-200 px-4 py-4 sm:px-5">
        {!request.signature.verified && request.signature.reason && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">Not verified: {request.signature.reason}</p>
        )}
        {request.signature.verified && (
          <p className="text-sm text-emerald-800">
            Verified with the signing secret of endpoint <code className="font-mono text-xs">{request.signature.endpointId}</code>, exactly as a receiver using a Standard Webhooks library would.
          </p>
        )}
        <div className="grid gap-4 xl:grid-cols-2">
          <section className="min-w-0 space-y-2">
            <h3 className="text-sm font-semibold text-slate-900">Headers</h3>
            <HeadersTable headers={request.headers} label="Request headers" />
          </section>
          <section className="min-w-0 space-y-2">
            <h3 className="text-sm font-semibold text-slate-900">Body {type && <span className="font-normal text-slate-500">({type})</span>}</h3>
            {request.body ? <CodeBlock code={prettyJson(request.body)} label="request body" maxHeight="max-h-80" /> : <p className="text-sm text-slate-500">Empty body</p>}
          </section>
        </div>
      </div>
    </details>
  );
}

export function InboxDetail({ inboxId }: { inboxId: string }) {
  const tenant = useTenant();
  const router = useRouter();
  const toast = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useMutation(inboxMutations.remove(tenant.id, inboxId));
  const inbox = useQuery(inboxQueries.detail(tenant.id, inboxId));
  const requests = useInfiniteQuery(inboxQueries.requests(tenant.id, inboxId));
  if (inbox.isPending) return <LoadingState label="Loading inbox…" />;
  if (inbox.isError) return <ErrorState error={inbox.error} onRetry={() => inbox.refetch()} />;
  const rows = requests.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageHeader
        back={{ href: tenantPath(tenant, "/inboxes"), label: "Test inboxes" }}
        title={inbox.data.name}
        actions={
          tenant.canWrite && (
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete inbox
            </Button>
          )
        }
      />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <p className="text-sm font-medium text-slate-800">Capture URL</p>
            <div className="mt-1.5 flex flex-col gap-2 sm:flex-row sm:items-center">
              <code data-testid="inbox-url" className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-800">
                {inbox.data.url}
              </code>
              <CopyButton value={inbox.data.url} label="Copy URL" size="md" />
            </div>
            <p className="mt-2 text-xs text-slate-500">Accepts POST, PUT and PATCH; answers 200 {"{\"ok\":true}"}. Keeps the newest 500 requests.</p>
          </CardBody>
        </Card>
        <section aria-labelledby="captured-heading" className="space-y-3">
          <div className="flex items-center gap-2">
            <h2 id="captured-heading" className="text-base font-semibold text-slate-900">
              Captured requests
            </h2>
            <span className="flex items-center gap-1.5 text-xs text-slate-500">
              {requests.isFetching ? <Spinner className="size-3" /> : <span className="size-2 rounded-full bg-emerald-500" aria-hidden />} live
            </span>
          </div>
          {requests.isPending ? (
            <LoadingState label="Loading requests…" />
          ) : requests.isError ? (
            <ErrorState error={requests.error} onRetry={() => requests.refetch()} />
          ) : rows.length === 0 ? (
            <Card>
              <EmptyState title="Waiting for the first request" description="Send a test event to an endpoint pointing at this URL; it shows up here within seconds." />
            </Card>
          ) : (
            <>
              {rows.map((r, i) => (
                <CapturedRequest key={r.id} request={r} open={i === 0} />
              ))}
              {requests.hasNextPage && (
                <div className="flex justify-center">
                  <Button size="sm" onClick={() => requests.fetchNextPage()} loading={requests.isFetchingNextPage}>
                    Load older requests
                  </Button>
                </div>
              )}
            </>
          )}
        </section>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this inbox?"
        description="Its captured requests are deleted and its URL stops accepting requests. Endpoints pointing at it will start failing."
        confirmLabel="Delete inbox"
        onConfirm={() =>
          remove.mutateAsync(undefined, {
            onSuccess: () => {
              toast({ tone: "success", title: "Inbox deleted" });
              router.push(tenantPath(tenant, "/inboxes"));
            },
            onError: (err) => toast({ tone: "error", title: "Could not delete the inbox", description: errorMessage(err) }),
          })
        }
      />
    </>
  );
}
