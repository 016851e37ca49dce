"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { eventTypeCreateSchema, eventTypeUpdateSchema, type EventTypeJson } from "@/lib/schemas/event-types";
import { errorMessage } from "@/lib/query/fetcher";
import { eventTypeMutations } from "@/lib/query/mutations";
import { eventTypeQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { Badge } from "../ui/badge";
import Link from "next/link";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog, Dialog } from "../ui/dialog";
import { Field, FormError, Input, Textarea } from "../ui/field";
import { optionalJson } from "../ui/json-text";
import { PageHeader } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

const jsonText = (value: unknown) => (value == null ? "" : JSON.stringify(value, null, 2));

function EventTypeDialog({ eventType, open, onClose }: { eventType: EventTypeJson | null; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const form = useApiForm({
    initial: { name: eventType?.name ?? "", description: eventType?.description ?? "", schema: jsonText(eventType?.schema), examplePayload: jsonText(eventType?.examplePayload) },
    schema: eventType ? eventTypeUpdateSchema : eventTypeCreateSchema,
    toBody: (v, fail) => {
      const schema = optionalJson(v.schema, (message) => fail("schema", message));
      const examplePayload = optionalJson(v.examplePayload, (message) => fail("examplePayload", message));
      return eventType ? { description: v.description, schema, examplePayload } : { name: v.name.trim(), description: v.description, schema, examplePayload };
    },
    mutation: eventTypeMutations.save(eventType?.name),
    onSuccess: (saved) => {
      toast({ tone: "success", title: eventType ? `${saved.name} saved` : `${saved.name} added to the catalog` });
      onClose();
    },
  });
  return (
    <Dialog
      open={open}
      onClose={() => !form.pending && onClose()}
      size="lg"
      title={eventType ? `Edit ${eventType.name}` : "New event type"}
      description={
        eventType
          ? `Edits version ${eventType.latestVersion} in place. To change what payloads look like, add a version on the type's page.`
          : "Tenants subscribe endpoints to event types; a JSON Schema makes Hookyard reject payloads that do not match."
      }
      footer={
        <>
          <Button onClick={onClose} disabled={form.pending}>
            Cancel
          </Button>
          <Button variant="primary" loading={form.pending} onClick={() => form.submit()}>
            {eventType ? "Save" : "Add event type"}
          </Button>
        </>
      }
    >
      <form noValidate className="space-y-4" onSubmit={form.submit}>
        <Field label="Name" error={form.errors.name} hint={eventType ? "Names cannot change: endpoints subscribe by name." : "Dotted words, e.g. order.completed."}>
          <Input {...form.input("name")} readOnly={Boolean(eventType)} className="font-mono" placeholder="order.completed" />
        </Field>
        <Field label="Description" optional error={form.errors.description}>
          <Textarea rows={2} {...form.input("description")} />
        </Field>
        <Field label="JSON Schema" optional error={form.errors.schema} hint="Draft 2020-12. Leave empty to accept any payload.">
          <Textarea rows={8} spellCheck={false} className="font-mono text-xs" {...form.input("schema")} placeholder='{"type": "object", "required": ["id"]}' />
        </Field>
        <Field label="Example payload" optional error={form.errors.examplePayload} hint="Prefills “Send test event”; must match the schema.">
          <Textarea rows={6} spellCheck={false} className="font-mono text-xs" {...form.input("examplePayload")} placeholder='{"id": "ord_123"}' />
        </Field>
        <FormError error={form.formError} />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

export function EventTypesPage() {
  const toast = useToast();
  const query = useQuery(eventTypeQueries.list(true));
  const [editing, setEditing] = useState<EventTypeJson | "new" | null>(null);
  const archive = useMutation(eventTypeMutations.setArchived());
  const [archiving, setArchiving] = useState<EventTypeJson | null>(null);
  // Archiving retires a type: publishing it is refused (422), so a sender still using it fails
  // loudly instead of delivering an event no tenant can find in the catalog any more.
  const setArchived = (t: EventTypeJson, archived: boolean) =>
    archive.mutateAsync(
      { name: t.name, archived },
      {
        onSuccess: (saved) =>
          toast({
            tone: "success",
            title: saved.archived ? `${saved.name} archived` : `${saved.name} restored`,
            description: saved.archived
              ? "Publishing it is now refused, and endpoints can no longer subscribe to it. Restore it to publish it again."
              : "It can be published and subscribed to again.",
          }),
        onError: (err) => toast({ tone: "error", title: "Could not update the event type", description: errorMessage(err) }),
      },
    );
  const rows = [...(query.data ?? [])].sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader
        title="Event types"
        description="The catalog of events you publish. Tenants pick from it when they subscribe endpoints."
        actions={
          <Button variant="primary" onClick={() => setEditing("new")}>
            New event type
          </Button>
        }
      />
      <Card>
        {query.isPending ? (
          <LoadingState />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            title="The catalog is empty"
            description="Add the events your product emits, such as invoice.paid, with an example payload."
            actions={
              <Button variant="primary" onClick={() => setEditing("new")}>
                New event type
              </Button>
            }
          />
        ) : (
          <Table label="Event types">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH className="hidden md:table-cell">Description</TH>
                <TH className="hidden sm:table-cell">Schema</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {rows.map((t) => (
                <TR key={t.id} className={t.archived ? "bg-slate-50/60" : undefined}>
                  <TD>
                    <Link href={`/admin/event-types/${encodeURIComponent(t.name)}`} className={`font-mono text-sm hover:text-indigo-700 ${t.archived ? "text-slate-500" : "font-medium text-slate-900"}`}>
                      {t.name}
                    </Link>
                    <Badge tone="blue" className="ml-2" title={`Latest version: ${t.latestVersion}`}>
                      v{t.latestVersion}
                    </Badge>
                    {t.archived && <Badge className="ml-2">Archived</Badge>}
                  </TD>
                  <TD className="hidden max-w-md text-slate-600 md:table-cell">{t.description || <span className="text-slate-400">—</span>}</TD>
                  <TD className="hidden sm:table-cell">
                    <span className="flex gap-1">
                      {t.schema ? <Badge tone="blue">schema</Badge> : <span className="text-slate-400">—</span>}
                      {t.examplePayload != null && <Badge tone="violet">example</Badge>}
                    </span>
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <ButtonLink size="sm" variant="ghost" href={`/admin/event-types/${encodeURIComponent(t.name)}`} aria-label={`Versions of ${t.name}`}>
                      Versions
                    </ButtonLink>
                    <Button size="sm" variant="ghost" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => (t.archived ? void setArchived(t, false).catch(() => {}) : setArchiving(t))}
                      loading={archive.isPending && archive.variables?.name === t.name}
                      aria-label={`${t.archived ? "Restore" : "Archive"} ${t.name}`}
                    >
                      {t.archived ? "Restore" : "Archive"}
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <ConfirmDialog
        open={archiving !== null}
        onClose={() => setArchiving(null)}
        title={`Archive ${archiving?.name ?? ""}?`}
        description="Archiving retires the event type. Publishing it is refused with a 422 error from then on, so stop sending it first; endpoints can no longer subscribe to it. Existing messages and deliveries are kept. You can restore it at any time."
        confirmLabel="Archive event type"
        onConfirm={() => (archiving ? setArchived(archiving, true) : undefined)}
      />
      {editing && <EventTypeDialog key={editing === "new" ? "new" : editing.id} eventType={editing === "new" ? null : editing} open onClose={() => setEditing(null)} />}
    </>
  );
}
