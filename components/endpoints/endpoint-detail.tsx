"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { EndpointJson } from "@/lib/schemas/endpoints";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { endpointQueries } from "@/lib/query/queries";
import { DeliveriesTable } from "../deliveries/deliveries-table";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button, ButtonLink } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { ConfirmDialog } from "../ui/dialog";
import { formatCount, formatMs, formatPercent, sentence } from "../ui/format";
import { DeliverySuccess } from "./delivery-success";
import { KeyValue } from "../ui/key-value";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { ErrorState, LoadingState } from "../ui/states";
import { useToast } from "../ui/toast";
import { ActivityCard } from "./activity-card";
import { RecoverCard } from "./recover-card";
import { ReplayCard } from "./replay-card";
import { SecretCard } from "./secret-card";
import { VerificationSnippets } from "./snippets";
import { EndpointStatusBadge, EventTypeChips } from "./status";
import { TestEventCard } from "./test-event-card";

function Actions({ endpoint, onDeleted }: { endpoint: EndpointJson; onDeleted: () => void }) {
  const tenant = useTenant();
  const router = useRouter();
  const toast = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useMutation(endpointMutations.save(tenant.id, endpoint.id));
  const remove = useMutation(endpointMutations.remove(tenant.id, endpoint.id));
  const toggle = () =>
    save.mutate(
      { disabled: !endpoint.disabled },
      {
        onSuccess: (saved) =>
          toast({ tone: "success", title: saved.disabled ? "Endpoint disabled" : "Endpoint enabled", description: saved.disabled ? "Pending deliveries stop until you enable it again." : undefined }),
        onError: (err) => toast({ tone: "error", title: "Could not update the endpoint", description: errorMessage(err) }),
      },
    );
  if (!tenant.canWrite) return null;
  return (
    <>
      <ButtonLink href={tenantPath(tenant, `/endpoints/${endpoint.id}/edit`)}>Edit</ButtonLink>
      <Button onClick={toggle} loading={save.isPending}>
        {endpoint.disabled ? "Enable" : "Disable"}
      </Button>
      <Button variant="danger" onClick={() => setConfirmDelete(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this endpoint?"
        description="Its deliveries and attempts are deleted with it, and pending retries stop. This cannot be undone."
        confirmLabel="Delete endpoint"
        onConfirm={() =>
          remove.mutateAsync(undefined, {
            onSuccess: () => {
              onDeleted();
              toast({ tone: "success", title: "Endpoint deleted" });
              router.push(tenantPath(tenant, "/endpoints"));
            },
            onError: (err) => toast({ tone: "error", title: "Could not delete the endpoint", description: errorMessage(err) }),
          })
        }
      >
        <p className="font-mono text-sm break-all text-slate-700">{endpoint.url}</p>
      </ConfirmDialog>
    </>
  );
}

export function EndpointDetail({ endpointId }: { endpointId: string }) {
  const tenant = useTenant();
  // Once deleted, nothing here asks for it again while the page navigates away.
  const [deleted, setDeleted] = useState(false);
  const query = useQuery({ ...endpointQueries.detail(tenant.id, endpointId), enabled: !deleted });
  const stats = useQuery({ ...endpointQueries.stats(tenant.id, endpointId), enabled: !deleted });
  if (deleted) return <LoadingState label="Endpoint deleted, back to the list…" />;
  if (query.isPending) return <LoadingState label="Loading endpoint…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const e = query.data;
  const s = stats.data?.data[0];
  return (
    <>
      <PageHeader
        back={{ href: tenantPath(tenant, "/endpoints"), label: "Endpoints" }}
        title={<span className="font-mono text-lg break-all sm:text-xl">{e.url}</span>}
        badge={<EndpointStatusBadge endpoint={e} />}
        description={e.description || undefined}
        actions={<Actions endpoint={e} onDeleted={() => setDeleted(true)} />}
      />
      {e.disabled && (
        <div role="status" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">This endpoint is disabled.</p>
          <p className="mt-0.5">{sentence(e.disabledReason ?? "No webhooks are sent to it")} Enable it to resume deliveries; failed ones can then be recovered below.</p>
        </div>
      )}
      {!e.disabled && e.failingSince && (
        <div role="status" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          Every attempt has failed since <RelativeTime value={e.failingSince} />. Hookyard disables an endpoint that keeps failing for days.
        </div>
      )}
      <div className="space-y-6">
        <Card>
          <CardBody>
            <KeyValue
              items={[
                { label: "Delivery success (24 h)", value: stats.isPending ? "…" : <DeliverySuccess stats={s} /> },
                { label: "Attempts (24 h)", value: stats.isPending ? "…" : s?.attempts ? `${formatCount(s.attempts)}, ${formatPercent(s.successRate)} succeeded` : "None" },
                { label: "Last delivery", value: <RelativeTime value={s?.lastAttemptAt} fallback="Never" /> },
                { label: "Event types", value: <EventTypeChips types={e.eventTypes} max={6} /> },
                { label: "Timeout", value: formatMs(e.timeoutMs ?? 15000) + (e.timeoutMs ? "" : " (default)") },
                { label: "Rate limit", value: e.rateLimitPerSecond ? `${e.rateLimitPerSecond} / second` : "None" },
                { label: "Delivery order", value: e.ordered ? "Ordered: one at a time, in publish order" : "Side by side" },
                {
                  label: "Versions",
                  value: Object.keys(e.pinnedVersions).length
                    ? Object.entries(e.pinnedVersions)
                        .map(([name, v]) => `${name} v${v}`)
                        .join(", ")
                    : "Latest of every type",
                },
                {
                  label: "Endpoint id",
                  value: (
                    <span className="flex items-center gap-2">
                      <code className="truncate font-mono text-xs">{e.id}</code>
                      <CopyButton value={e.id} label="Copy id" />
                    </span>
                  ),
                },
                { label: "Custom headers", value: Object.keys(e.headers).length ? Object.keys(e.headers).join(", ") : "None" },
                { label: "Created", value: <RelativeTime value={e.createdAt} /> },
              ]}
            />
          </CardBody>
        </Card>
        <ActivityCard endpointId={e.id} />
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="min-w-0 space-y-6">
            <SecretCard endpointId={e.id} />
            {tenant.canWrite && <RecoverCard endpointId={e.id} disabled={e.disabled} />}
          </div>
          <div className="min-w-0">{tenant.canWrite && <TestEventCard endpoint={e} />}</div>
        </div>
        <ReplayCard endpoint={e} />
        <Card>
          <CardHeader title="Verify signatures" description="Check every request before trusting it, with a Standard Webhooks library." />
          <CardBody>
            <VerificationSnippets />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Deliveries" description="To this endpoint, newest first." />
          <DeliveriesTable filters={{ endpointId: e.id }} showEndpoint={false} pageSize={25} emptyText="Nothing has been sent to this endpoint yet. Send a test event above." />
        </Card>
      </div>
    </>
  );
}
