"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { EventTypeJson } from "@/lib/schemas/event-types";
import { eventTypeQueries } from "@/lib/query/queries";
import { useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { CodeBlock } from "../ui/code-block";
import { Input } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";

/**
 * The event types a tenant can subscribe to, as Svix's App Portal shows them: name, description,
 * the JSON Schema payloads follow and an example — so a tenant can write a receiver before the
 * first webhook arrives. Archived types are not offered.
 */
export function EventCatalogPage() {
  const tenant = useTenant();
  const catalog = useQuery(eventTypeQueries.list());
  const [search, setSearch] = useState("");
  const term = search.trim().toLowerCase();
  const types = (catalog.data ?? []).filter((t) => !term || t.name.toLowerCase().includes(term) || t.description.toLowerCase().includes(term));
  return (
    <>
      <PageHeader title="Event catalog" description={`The events ${tenant.name} can receive, with the shape of their payloads. Subscribe an endpoint to the ones you need.`} />
      {catalog.isPending ? (
        <LoadingState label="Loading the catalog…" />
      ) : catalog.isError ? (
        <ErrorState error={catalog.error} onRetry={() => catalog.refetch()} />
      ) : catalog.data.length === 0 ? (
        <Card>
          <EmptyState title="No event types yet" description="The catalog is empty: endpoints receive every event that is published." />
        </Card>
      ) : (
        <div className="space-y-4">
          <Input type="search" aria-label="Search event types" placeholder="Search event types" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-sm" />
          {types.length === 0 ? (
            <Card>
              <EmptyState title="No match" description={`No event type matches “${search}”.`} />
            </Card>
          ) : (
            <ul className="space-y-3" aria-label="Event types">
              {types.map((t) => (
                <EventTypeEntry key={t.id} type={t} />
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

function EventTypeEntry({ type }: { type: EventTypeJson }) {
  return (
    <li>
      <Card>
        <details className="group" data-testid="catalog-entry">
          <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-4 sm:px-5 [&::-webkit-details-marker]:hidden">
            <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-500 transition-transform group-open:rotate-90" fill="currentColor" aria-hidden>
              <path d="M7 5l6 5-6 5V5z" />
            </svg>
            <h2 className="font-mono text-sm font-semibold text-slate-900">{type.name}</h2>
            <Badge tone="blue">v{type.latestVersion}</Badge>
            <p className="basis-full pl-7 text-sm text-slate-600 sm:basis-auto sm:pl-0">{type.description || "No description."}</p>
          </summary>
          <div className="grid gap-4 border-t border-slate-200 px-4 py-4 sm:px-5 lg:grid-cols-2">
            <section className="min-w-0">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">Payload schema</h3>
              {type.schema ? <CodeBlock code={JSON.stringify(type.schema, null, 2)} label={`JSON Schema of ${type.name}`} /> : <p className="text-sm text-slate-600">Any JSON payload: this type has no schema.</p>}
            </section>
            <section className="min-w-0">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">Example</h3>
              {type.examplePayload != null ? (
                <CodeBlock code={JSON.stringify({ type: type.name, timestamp: "2026-01-01T12:00:00.000Z", data: type.examplePayload }, null, 2)} label={`Example webhook of ${type.name}`} />
              ) : (
                <p className="text-sm text-slate-600">No example yet.</p>
              )}
            </section>
          </div>
        </details>
      </Card>
    </li>
  );
}
