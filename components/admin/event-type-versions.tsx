"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { eventTypeVersionCreateSchema, type EventTypeJson, type EventTypeVersionJson, type SchemaChangeJson } from "@/lib/schemas/event-types";
import { ApiClientError } from "@/lib/query/fetcher";
import { eventTypeMutations } from "@/lib/query/mutations";
import { eventTypeQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CodeBlock } from "../ui/code-block";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Textarea } from "../ui/field";
import { optionalJson } from "../ui/json-text";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { ErrorState, LoadingState } from "../ui/states";
import { useToast } from "../ui/toast";

const jsonText = (value: unknown) => (value == null ? "" : JSON.stringify(value, null, 2));
const lineLabel = (line: EventTypeVersionJson["line"]) => (line.first === line.last ? `v${line.first}` : `v${line.first}–v${line.last}`);

function ChangeList({ changes }: { changes: SchemaChangeJson[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-500">No schema changes.</p>;
  return (
    <ul className="space-y-1.5" aria-label="Changes">
      {changes.map((c, i) => (
        <li key={`${c.kind}-${c.path}-${i}`} className="flex items-start gap-2 text-sm">
          <Badge tone={c.breaking ? "red" : c.kind === "added" ? "green" : "neutral"} className="mt-0.5 w-20 justify-center">
            {c.breaking ? "breaking" : c.kind === "added" ? "added" : "compatible"}
          </Badge>
          <span className="text-slate-800">{c.message}</span>
        </li>
      ))}
    </ul>
  );
}

function VersionCard({ v, latest, open }: { v: EventTypeVersionJson; latest: boolean; open: boolean }) {
  return (
    <li className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid={`version-${v.version}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 px-4 py-3 sm:px-5">
        <h3 className="font-semibold text-slate-900">Version {v.version}</h3>
        {latest && <Badge tone="blue">latest</Badge>}
        {v.breaking && <Badge tone="red">breaking</Badge>}
        <span className="text-xs text-slate-500" title="Endpoints receiving any version of this line get messages published at any of them">
          line {lineLabel(v.line)}
        </span>
        {v.pinnedEndpoints !== undefined && (
          <span className="text-xs text-slate-600">
            {v.pinnedEndpoints} endpoint{v.pinnedEndpoints === 1 ? "" : "s"} pinned
          </span>
        )}
        <span className="ml-auto text-xs text-slate-500">
          <RelativeTime value={v.createdAt} />
        </span>
      </div>
      <div className="space-y-4 px-4 py-4 sm:px-5">
        {v.note && <p className="text-sm text-slate-700">{v.note}</p>}
        {v.version > 1 && (
          <section className="space-y-2">
            <h4 className="text-sm font-medium text-slate-900">Changes since version {v.version - 1}</h4>
            <ChangeList changes={v.changes} />
          </section>
        )}
        <details open={open} className="group">
          <summary className="cursor-pointer text-sm font-medium text-indigo-700">Schema and example</summary>
          <div className="mt-3 grid gap-4 xl:grid-cols-2">
            <div className="min-w-0 space-y-1.5">
              <p className="text-xs font-medium text-slate-600">JSON Schema</p>
              {v.schema ? <CodeBlock code={jsonText(v.schema)} label={`version ${v.version} schema`} maxHeight="max-h-72" /> : <p className="text-sm text-slate-500">None: any payload.</p>}
            </div>
            <div className="min-w-0 space-y-1.5">
              <p className="text-xs font-medium text-slate-600">Example payload</p>
              {v.examplePayload != null ? <CodeBlock code={jsonText(v.examplePayload)} label={`version ${v.version} example`} maxHeight="max-h-72" /> : <p className="text-sm text-slate-500">None.</p>}
            </div>
          </div>
        </details>
      </div>
    </li>
  );
}

function NewVersionDialog({ eventType, latest, onClose }: { eventType: EventTypeJson; latest: EventTypeVersionJson; onClose: () => void }) {
  const toast = useToast();
  const form = useApiForm({
    initial: { schema: jsonText(latest.schema), examplePayload: jsonText(latest.examplePayload), note: "", breaking: false },
    schema: eventTypeVersionCreateSchema,
    toBody: (v, fail) => ({
      schema: optionalJson(v.schema, (m) => fail("schema", m)),
      examplePayload: optionalJson(v.examplePayload, (m) => fail("examplePayload", m)),
      note: v.note,
      breaking: v.breaking,
    }),
    mutation: eventTypeMutations.addVersion(eventType.name),
    // A breaking version refused: the whole answer (what breaks, and how to go on) above the buttons.
    onError: (err) => {
      if (err instanceof ApiClientError && err.code === "breaking_change") form.setFormError(err.message);
    },
    onSuccess: (saved) => {
      toast({
        tone: "success",
        title: `Version ${saved.version} of ${saved.eventType} added`,
        description: saved.pinnedToPrevious ? `${saved.pinnedToPrevious} endpoint(s) were pinned to version ${saved.version - 1}.` : undefined,
      });
      onClose();
    },
  });
  return (
    <Dialog
      open
      onClose={() => !form.pending && onClose()}
      size="lg"
      title={`New version of ${eventType.name}`}
      description={`Version ${latest.version + 1}. Add fields freely; a version that removes or retypes a field, or changes which are required, must be marked breaking.`}
      footer={
        <>
          <Button onClick={onClose} disabled={form.pending}>
            Cancel
          </Button>
          <Button variant="primary" loading={form.pending} onClick={() => form.submit()}>
            Add version {latest.version + 1}
          </Button>
        </>
      }
    >
      <form noValidate className="space-y-4" onSubmit={form.submit}>
        <Field label="JSON Schema" optional error={form.errors.schema} hint={`Starts as version ${latest.version}'s. Draft 2020-12; empty accepts any payload.`}>
          <Textarea rows={10} spellCheck={false} className="font-mono text-xs" {...form.input("schema")} />
        </Field>
        <Field label="Example payload" optional error={form.errors.examplePayload} hint="Prefills “Send test event” for endpoints on this version.">
          <Textarea rows={5} spellCheck={false} className="font-mono text-xs" {...form.input("examplePayload")} />
        </Field>
        <Field label="What changed" optional error={form.errors.note}>
          <Textarea rows={2} {...form.input("note")} placeholder="Adds the currency of the total" />
        </Field>
        <label className="flex items-start gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200 ring-inset">
          <input type="checkbox" className="mt-0.5 size-4 accent-amber-600" checked={form.values.breaking} onChange={(e) => form.set("breaking", e.target.checked)} />
          <span>
            <span className="font-medium">This version is breaking.</span> It starts a new line: every endpoint that receives {eventType.name} today is pinned to version{" "}
            {latest.version} and keeps getting messages published at that line until its owner moves it. Publish each event at both lines meanwhile.
          </span>
        </label>
        <FormError error={form.formError} />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

/** One event type: its versions, newest first, each with what changed since the one before. */
export function EventTypeDetail({ name }: { name: string }) {
  const type = useQuery(eventTypeQueries.detail(name));
  const versions = useQuery(eventTypeQueries.versions(name));
  const [adding, setAdding] = useState(false);
  if (type.isPending || versions.isPending) return <LoadingState label="Loading event type…" />;
  if (type.isError) return <ErrorState error={type.error} onRetry={() => type.refetch()} />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => versions.refetch()} />;
  const t = type.data;
  const list = [...versions.data].reverse();
  const latest = list[0];
  const builtIn = t.name.startsWith("hookyard.");
  const lines = [...new Map(list.map((v) => [v.line.first, v.line])).values()];
  return (
    <>
      <PageHeader
        back={{ href: "/admin/event-types", label: "Event types" }}
        title={<span className="font-mono">{t.name}</span>}
        badge={
          <>
            <Badge tone="blue">v{t.latestVersion}</Badge>
            {t.archived && <Badge>Archived</Badge>}
            {builtIn && <Badge tone="violet">Built in</Badge>}
          </>
        }
        description={t.description || undefined}
        actions={
          !builtIn && (
            <Button variant="primary" onClick={() => setAdding(true)}>
              New version
            </Button>
          )
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Who receives which version" level={2} />
          <CardBody className="space-y-2 text-sm text-slate-700">
            <p>
              A publish names a version (<code className="font-mono text-xs">&quot;version&quot;: {t.latestVersion}</code>) or gets the latest. Versions between two breaking ones form a
              line; an endpoint receives the messages published at any version of the line its pinned version is in — or, pinning none, of the latest line.
            </p>
            {lines.length > 1 && (
              <p>
                Lines now: {lines.map((l) => lineLabel(l)).join(", ")}. While endpoints are pinned to an older line, publish each event at one version of every such line.
              </p>
            )}
          </CardBody>
        </Card>
        <section aria-labelledby="versions-heading" className="space-y-3">
          <h2 id="versions-heading" className="text-base font-semibold text-slate-900">
            Versions
          </h2>
          <ol className="space-y-4">
            {list.map((v, i) => (
              <VersionCard key={v.version} v={v} latest={i === 0} open={i === 0} />
            ))}
          </ol>
        </section>
      </div>
      {adding && latest && <NewVersionDialog eventType={t} latest={latest} onClose={() => setAdding(false)} />}
    </>
  );
}
