"use client";
import { useQuery } from "@tanstack/react-query";
import { endpointQueries, eventTypeQueries, tenantQueries } from "@/lib/query/queries";
import { Badge } from "../ui/badge";
import { ButtonLink } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock } from "../ui/code-block";
import { PageHeader } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { tenantPath } from "../layout/viewer";

/**
 * Hookyard's own events for the operator (Svix's operational webhooks): where they go (the built-in
 * tenant, whose endpoints and deliveries are pages like any tenant's) and what each looks like.
 */
export function OperationalWebhooksPage() {
  const tenants = useQuery(tenantQueries.list());
  const catalog = useQuery(eventTypeQueries.list(true));
  const operator = tenants.data?.find((t) => t.builtIn);
  const endpoints = useQuery({ ...endpointQueries.list(operator?.id ?? "-"), enabled: Boolean(operator) });
  if (tenants.isPending || catalog.isPending) return <LoadingState label="Loading…" />;
  if (tenants.isError) return <ErrorState error={tenants.error} onRetry={() => tenants.refetch()} />;
  if (catalog.isError) return <ErrorState error={catalog.error} onRetry={() => catalog.refetch()} />;
  const types = catalog.data.filter((t) => t.name.startsWith("hookyard.") && t.name !== "hookyard.ping").sort((a, b) => a.name.localeCompare(b.name));
  const listening = endpoints.data?.filter((e) => !e.disabled).length ?? 0;
  return (
    <>
      <PageHeader
        title="Operational webhooks"
        description="Hookyard tells your own systems what happens to your tenants' endpoints and deliveries: signed, retried and logged like any webhook."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Where they go" level={2} />
          <CardBody className="space-y-4">
            {operator ? (
              <>
                <p className="text-sm text-slate-700">
                  They are published to the built-in tenant <span className="font-medium">{operator.name}</span> (<code className="font-mono text-xs">{operator.uid}</code>). Add your
                  endpoints there and pick the events you want; nothing is published while it has no enabled endpoint. Events about this tenant&apos;s own endpoints are not
                  published, so a failing operational endpoint cannot report on itself.
                </p>
                <p className="text-sm" data-testid="operator-endpoints">
                  {endpoints.isPending ? (
                    "…"
                  ) : listening ? (
                    <Badge tone="green" dot>
                      {listening} endpoint{listening === 1 ? "" : "s"} receiving
                    </Badge>
                  ) : (
                    <Badge tone="amber" dot>
                      No endpoint yet: operational events are not being sent
                    </Badge>
                  )}
                </p>
                <div className="flex flex-wrap gap-2">
                  <ButtonLink variant="primary" href={tenantPath(operator, "/endpoints/new")}>
                    Add an endpoint
                  </ButtonLink>
                  <ButtonLink href={tenantPath(operator, "/endpoints")}>Endpoints</ButtonLink>
                  <ButtonLink href={tenantPath(operator, "/deliveries")}>Deliveries</ButtonLink>
                </div>
              </>
            ) : (
              <p className="text-sm text-slate-700">The built-in tenant is made when Hookyard starts; restart it to create it.</p>
            )}
          </CardBody>
        </Card>
        <section aria-labelledby="events-heading" className="space-y-3">
          <h2 id="events-heading" className="text-base font-semibold text-slate-900">
            Events
          </h2>
          {types.length === 0 ? (
            <Card>
              <EmptyState title="No operational event types" description="They are added to the catalog when Hookyard starts." />
            </Card>
          ) : (
            <ul className="space-y-3">
              {types.map((t) => (
                <li key={t.name} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="operational-event">
                  <details className="group">
                    <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 sm:px-5 [&::-webkit-details-marker]:hidden">
                      <span className="text-slate-400 transition-transform group-open:rotate-90" aria-hidden>
                        ▸
                      </span>
                      <span className="font-mono text-sm font-medium text-slate-900">{t.name}</span>
                      <span className="text-sm text-slate-600">{t.description}</span>
                    </summary>
                    <div className="grid gap-4 border-t border-slate-200 px-4 py-4 sm:px-5 xl:grid-cols-2">
                      <div className="min-w-0 space-y-1.5">
                        <p className="text-xs font-medium text-slate-600">Example</p>
                        <CodeBlock code={JSON.stringify(t.examplePayload, null, 2)} label={`${t.name} example`} maxHeight="max-h-72" />
                      </div>
                      <div className="min-w-0 space-y-1.5">
                        <p className="text-xs font-medium text-slate-600">JSON Schema</p>
                        <CodeBlock code={JSON.stringify(t.schema, null, 2)} label={`${t.name} schema`} maxHeight="max-h-72" />
                      </div>
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
