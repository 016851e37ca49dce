"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EndpointJson } from "@/lib/schemas/endpoints";
import type { ReplayDryRunJson, ReplayJson, ReplayStatusFilter } from "@/lib/schemas/replays";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { deliveryQueries, endpointQueries } from "@/lib/query/queries";
import { useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, FormError, Input, Select } from "../ui/field";
import { formatCount } from "../ui/format";
import { RelativeTime } from "../ui/relative-time";
import { useToast } from "../ui/toast";

const STATUS_CHOICES: { value: ReplayStatusFilter; label: string; hint: string }[] = [
  { value: "failed", label: "Failed", hint: "gave up after every retry" },
  { value: "canceled", label: "Canceled", hint: "stopped when the endpoint was disabled" },
  { value: "missing", label: "Never sent", hint: "published while it was disabled, or before it subscribed" },
  { value: "succeeded", label: "Succeeded", hint: "send them again" },
];

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function ReplayProgress({ replay, onCancel, canceling }: { replay: ReplayJson; onCancel?: () => void; canceling: boolean }) {
  const { progress: p, total } = replay;
  const done = p.succeeded + p.failed + p.canceled;
  const pct = total ? Math.round((done / total) * 100) : 100;
  const tone = replay.status === "running" ? "blue" : replay.status === "completed" ? "green" : "neutral";
  return (
    <li className="space-y-2 py-3" data-testid="replay">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={tone} dot>
          {replay.status === "running" ? "Running" : replay.status === "completed" ? "Completed" : "Canceled"}
        </Badge>
        <span className="text-slate-700">
          {formatCount(total)} deliver{total === 1 ? "y" : "ies"} at {replay.ratePerSecond}/s · {replay.filter.statuses.join(", ")}
          {replay.filter.eventTypes.length ? ` · ${replay.filter.eventTypes.join(", ")}` : ""}
        </span>
        <span className="ml-auto text-xs text-slate-500">
          started <RelativeTime value={replay.createdAt} />
        </span>
        {replay.status === "running" && onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel} loading={canceling}>
            Cancel
          </Button>
        )}
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={`Replay progress: ${done} of ${total}`}
      >
        <div className="flex h-full">
          <div className="bg-emerald-500" style={{ width: `${total ? (p.succeeded / total) * 100 : 0}%` }} />
          <div className="bg-rose-500" style={{ width: `${total ? (p.failed / total) * 100 : 0}%` }} />
          <div className="bg-slate-400" style={{ width: `${total ? (p.canceled / total) * 100 : 0}%` }} />
        </div>
      </div>
      <p className="text-xs text-slate-600">
        {pct}% · {p.succeeded} succeeded · {p.failed} failed · {p.canceled} canceled · {p.pending} waiting
        {replay.status === "running" && (
          <>
            {" "}
            · last slot <RelativeTime value={replay.estimatedEndAt} />
          </>
        )}
      </p>
    </li>
  );
}

/** Replay the endpoint's deliveries by filter: count first (dry run), then go, paced; progress below. */
export function ReplayCard({ endpoint }: { endpoint: EndpointJson }) {
  const tenant = useTenant();
  const toast = useToast();
  const [statuses, setStatuses] = useState<ReplayStatusFilter[]>(["failed", "canceled", "missing"]);
  const [eventType, setEventType] = useState("");
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [until, setUntil] = useState("");
  const [rate, setRate] = useState("10");
  const [preview, setPreview] = useState<ReplayDryRunJson | null>(null);
  /** One per counted filter: a double click on "Replay" returns the same replay. */
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const replays = useQuery(endpointQueries.replays(tenant.id, endpoint.id));
  const replay = useMutation(endpointMutations.replay(tenant.id, endpoint.id));
  const cancel = useMutation(endpointMutations.cancelReplay(tenant.id, endpoint.id));
  const running = replays.data?.find((r) => r.status === "running");
  // As a replay moves on, the deliveries shown beside it change: refresh them with each step.
  const client = useQueryClient();
  const moved = replays.data?.map((r) => `${r.status}:${r.progress.attempted}`).join() ?? "";
  useEffect(() => {
    if (moved) void client.invalidateQueries({ queryKey: deliveryQueries.all(tenant.id) });
  }, [moved, client, tenant.id]);

  const body = (dryRun: boolean) => ({
    statuses,
    eventTypes: eventType ? [eventType] : [],
    since: new Date(since).toISOString(),
    ...(until ? { until: new Date(until).toISOString() } : {}),
    ratePerSecond: Number(rate),
    dryRun,
    ...(dryRun ? {} : { idempotencyKey: key }),
  });
  const changed = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreview(null);
    setError(null);
  };
  const toggle = (s: ReplayStatusFilter, on: boolean) => changed(setStatuses)(on ? [...statuses, s] : statuses.filter((x) => x !== s));
  const count = () =>
    replay.mutate(body(true), {
      onSuccess: (r) => {
        setPreview("dryRun" in r ? r : null);
        setKey(`dashboard-${crypto.randomUUID()}`);
      },
      onError: (err) => setError(errorMessage(err)),
    });
  const start = () =>
    replay.mutate(body(false), {
      onSuccess: (r) => {
        setPreview(null);
        if (!("dryRun" in r)) toast({ tone: "success", title: `Replaying ${r.total} deliver${r.total === 1 ? "y" : "ies"}`, description: `At ${r.ratePerSecond} per second; progress below.` });
      },
      onError: (err) => setError(errorMessage(err)),
    });

  const types = endpoint.eventTypes;
  if (!tenant.canWrite && !replays.data?.length) return null;
  return (
    <Card>
      <CardHeader title="Replay" description="Send this endpoint's deliveries again by status, event type and time — including messages it never got — at a pace you choose." />
      <CardBody className="space-y-5">
        {tenant.canWrite && (
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (preview) start();
              else count();
            }}
          >
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">Deliveries that</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                {STATUS_CHOICES.map((c) => (
                  <label key={c.value} className="flex items-start gap-2 text-sm text-slate-700">
                    <input type="checkbox" className="mt-0.5 size-4 accent-indigo-600" checked={statuses.includes(c.value)} onChange={(e) => toggle(c.value, e.target.checked)} />
                    <span>
                      <span className="font-medium text-slate-900">{c.label}</span> <span className="text-xs text-slate-500">{c.hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Published from">
                <Input type="datetime-local" value={since} onChange={(e) => changed(setSince)(e.target.value)} required />
              </Field>
              <Field label="Until" optional hint="Empty: now">
                <Input type="datetime-local" value={until} onChange={(e) => changed(setUntil)(e.target.value)} />
              </Field>
              <Field label="Event type" optional>
                <Select value={eventType} onChange={(e) => changed(setEventType)(e.target.value)}>
                  <option value="">Every type it receives</option>
                  {types.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Rate (deliveries per second)" hint="0.1 to 1000; the endpoint's own rate limit still applies.">
                <Input type="number" inputMode="decimal" min={0.1} max={1000} step="any" value={rate} onChange={(e) => changed(setRate)(e.target.value)} required />
              </Field>
            </div>
            <FormError error={error} />
            {preview && (
              <div role="status" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-950 ring-1 ring-indigo-200 ring-inset" data-testid="replay-preview">
                {preview.total === 0 ? (
                  "Nothing matches this filter."
                ) : (
                  <>
                    <span className="font-medium">
                      {formatCount(preview.total)} deliver{preview.total === 1 ? "y" : "ies"} would be replayed
                    </span>{" "}
                    ({preview.redeliveries} again, {preview.missing} never sent), taking about {formatDuration(preview.estimatedSeconds)} at {rate}/s.
                    {preview.total > preview.limit && ` That is more than ${formatCount(preview.limit)}: narrow the time range.`}
                    {endpoint.ordered && " This endpoint is ordered: they go one at a time, in publish order, and newer messages wait behind them."}
                  </>
                )}
              </div>
            )}
            <div className="flex flex-wrap items-center justify-end gap-2">
              {endpoint.disabled && <span className="mr-auto text-sm text-slate-600">Enable the endpoint first.</span>}
              {running && <span className="mr-auto text-sm text-slate-600">A replay is running; cancel it or wait to start another.</span>}
              {preview ? (
                <>
                  <Button onClick={() => setPreview(null)}>Change filter</Button>
                  <Button type="submit" variant="primary" loading={replay.isPending} disabled={preview.total === 0 || preview.total > preview.limit || Boolean(running) || endpoint.disabled}>
                    Replay {formatCount(preview.total)}
                  </Button>
                </>
              ) : (
                <Button type="submit" loading={replay.isPending} disabled={statuses.length === 0 || !since}>
                  Count deliveries (dry run)
                </Button>
              )}
            </div>
          </form>
        )}
        {replays.data && replays.data.length > 0 && (
          <section aria-label="Replays">
            <h3 className="text-sm font-semibold text-slate-900">Replays</h3>
            <ul className="divide-y divide-slate-100">
              {replays.data.map((r) => (
                <ReplayProgress
                  key={r.id}
                  replay={r}
                  canceling={cancel.isPending && cancel.variables === r.id}
                  onCancel={
                    tenant.canWrite
                      ? () => cancel.mutate(r.id, { onError: (err) => toast({ tone: "error", title: "Could not cancel", description: errorMessage(err) }) })
                      : undefined
                  }
                />
              ))}
            </ul>
          </section>
        )}
      </CardBody>
    </Card>
  );
}
