"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { deliveryFilterStatus, type DeliveryFilters } from "@/lib/schemas/messages";
import { endpointQueries, eventTypeQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/field";
import { shortUrl } from "../ui/format";
import { PageHeader } from "../ui/page-header";
import { DeliveriesTable } from "./deliveries-table";
import { fromLocalInput, RANGES, rangeAfter, toLocalInput } from "./time-range";

const STATUSES = [
  { value: "", label: "Any status" },
  { value: "pending", label: "Pending" },
  { value: "retrying", label: "Retrying" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
  { value: "canceled", label: "Canceled" },
];

/**
 * One box to find a delivery the way a support request names it: a delivery id goes straight to
 * the delivery, a message id (the webhook-id header receivers log) lists that message's
 * deliveries, anything else is looked for as a value in the payloads (an order id, an email).
 */
function FindDelivery({ onFind }: { onFind: (found: { messageId?: string; payload?: string }) => void }) {
  const tenant = useTenant();
  const router = useRouter();
  const [text, setText] = useState("");
  return (
    <form
      role="search"
      className="mb-4 flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const value = text.trim();
        if (!value) return;
        if (/^dlv_\w+$/.test(value)) router.push(tenantPath(tenant, `/deliveries/${value}`));
        else if (/^msg_\w+$/.test(value)) onFind({ messageId: value });
        else onFind({ payload: value });
      }}
    >
      <Input
        type="search"
        aria-label="Find a delivery"
        placeholder="Delivery id, message id (webhook-id) or a payload value"
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="flex-1"
      />
      <Button type="submit">Find</Button>
    </form>
  );
}

/** The deliveries browser: filters live in the URL, so a filtered view can be shared or reloaded. */
export function DeliveriesPage() {
  const tenant = useTenant();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const endpoints = useQuery(endpointQueries.list(tenant.id));
  const catalog = useQuery(eventTypeQueries.list(true));

  const status = params.get("status") ?? "";
  const eventType = params.get("eventType") ?? "";
  const endpointId = params.get("endpointId") ?? "";
  const messageId = params.get("messageId") ?? "";
  const payload = params.get("payload") ?? "";
  const range = params.get("range") ?? "";
  const after = params.get("after") ?? "";
  const before = params.get("before") ?? "";

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const presetAfter = rangeAfter(range);
  const filters: DeliveryFilters = useMemo(
    () => ({
      status: deliveryFilterStatus.safeParse(status).data,
      eventType: eventType || undefined,
      endpointId: endpointId || undefined,
      messageId: messageId || undefined,
      payload: payload || undefined,
      after: range === "custom" ? after || undefined : presetAfter,
      before: range === "custom" ? before || undefined : undefined,
    }),
    [status, eventType, endpointId, messageId, payload, range, after, before, presetAfter],
  );
  const filtered = Boolean(status || eventType || endpointId || messageId || payload || range);

  return (
    <>
      <PageHeader title="Deliveries" description="Every message sent to every endpoint, with each attempt. Updates live." />
      <FindDelivery onFind={(found) => set({ messageId: undefined, payload: undefined, ...found })} />
      <Card>
        <form className="grid grid-cols-2 gap-3 border-b border-slate-200 p-4 sm:px-5 lg:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
          <Field label="Status">
            <Select value={status} onChange={(e) => set({ status: e.target.value })}>
              {STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Event type">
            <Select value={eventType} onChange={(e) => set({ eventType: e.target.value })}>
              <option value="">Any event type</option>
              <option value="hookyard.ping">hookyard.ping</option>
              {(catalog.data ?? []).map((t) => (
                <option key={t.id} value={t.name}>
                  {t.name}
                </option>
              ))}
              {eventType && eventType !== "hookyard.ping" && !catalog.data?.some((t) => t.name === eventType) && <option value={eventType}>{eventType}</option>}
            </Select>
          </Field>
          <Field label="Endpoint">
            <Select value={endpointId} onChange={(e) => set({ endpointId: e.target.value })}>
              <option value="">Any endpoint</option>
              {(endpoints.data ?? []).map((ep) => (
                <option key={ep.id} value={ep.id}>
                  {shortUrl(ep.url)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Time range">
            <Select value={range} onChange={(e) => set({ range: e.target.value, after: undefined, before: undefined })}>
              {RANGES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
          {range === "custom" && (
            <>
              <Field label="From">
                <Input type="datetime-local" value={toLocalInput(after)} onChange={(e) => set({ after: fromLocalInput(e.target.value) })} />
              </Field>
              <Field label="To">
                <Input type="datetime-local" value={toLocalInput(before)} onChange={(e) => set({ before: fromLocalInput(e.target.value) })} />
              </Field>
            </>
          )}
          {messageId && (
            <p className="col-span-2 text-sm text-slate-600">
              Message <code className="font-mono text-xs">{messageId}</code>
            </p>
          )}
          {payload && (
            <p className="col-span-2 text-sm text-slate-600">
              Payload holds <code className="font-mono text-xs">{payload}</code>
            </p>
          )}
          {filtered && (
            <div className="flex items-end">
              <Button variant="ghost" size="sm" onClick={() => router.replace(pathname, { scroll: false })}>
                Clear filters
              </Button>
            </div>
          )}
        </form>
        <DeliveriesTable filters={filters} emptyText={filtered ? "No delivery matches these filters." : "Deliveries appear here once messages are published to this tenant's endpoints."} />
      </Card>
    </>
  );
}
