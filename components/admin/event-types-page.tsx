"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { eventTypeCreateSchema, eventTypeUpdateSchema, type EventTypeJson } from "@/lib/api/schemas/event-types";
import { apiPatch, apiPost, errorMessage } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
import { eventTypeQueries } from "@/lib/query/queries";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input, Textarea } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

function parseJsonField(text: string, field: string, errors: FieldErrors): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    errors[field] = `Not valid JSON: ${(err as Error).message}`;
    return undefined;
  }
}

function EventTypeDialog({ eventType, open, onClose }: { eventType: EventTypeJson | null; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState(eventType?.name ?? "");
  const [description, setDescription] = useState(eventType?.description ?? "");
  const [schema, setSchema] = useState(eventType?.schema ? JSON.stringify(eventType.schema, null, 2) : "");
  const [example, setExample] = useState(eventType?.examplePayload != null ? JSON.stringify(eventType.examplePayload, null, 2) : "");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      eventType ? apiPatch<EventTypeJson>(`/api/v1/event-types/${encodeURIComponent(eventType.name)}`, input) : apiPost<EventTypeJson>("/api/v1/event-types", input),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: eventTypeQueries.all() });
      toast({ tone: "success", title: eventType ? `${saved.name} saved` : `${saved.name} added to the catalog` });
      onClose();
    },
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });
  const submit = () => {
    const errors: FieldErrors = {};
    const schemaValue = parseJsonField(schema, "schema", errors);
    const exampleValue = parseJsonField(example, "examplePayload", errors);
    const input = eventType
      ? { description, schema: schemaValue, examplePayload: exampleValue }
      : { name: name.trim(), description, schema: schemaValue, examplePayload: exampleValue };
    const checked = Object.keys(errors).length ? null : validate(eventType ? eventTypeUpdateSchema : eventTypeCreateSchema, input);
    const all = { ...errors, ...(checked?.errors ?? {}) };
    setFields(all);
    setFormError(Object.keys(all).length ? "Please fix the highlighted fields." : null);
    if (checked?.data) save.mutate(input);
  };
  return (
    <Dialog
      open={open}
      onClose={() => !save.isPending && onClose()}
      size="lg"
      title={eventType ? `Edit ${eventType.name}` : "New event type"}
      description="Tenants subscribe endpoints to event types; a JSON Schema makes Hookyard reject payloads that do not match."
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button variant="primary" loading={save.isPending} onClick={submit}>
            {eventType ? "Save" : "Add event type"}
          </Button>
        </>
      }
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label="Name" error={fields.name} hint={eventType ? "Names cannot change: endpoints subscribe by name." : "Dotted words, e.g. order.completed."}>
          <Input value={name} onChange={(e) => setName(e.target.value)} readOnly={Boolean(eventType)} className="font-mono" placeholder="order.completed" />
        </Field>
        <Field label="Description" optional error={fields.description}>
          <Textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field label="JSON Schema" optional error={fields.schema} hint="Draft 2020-12. Leave empty to accept any payload.">
          <Textarea rows={8} spellCheck={false} className="font-mono text-xs" value={schema} onChange={(e) => setSchema(e.target.value)} placeholder='{"type": "object", "required": ["id"]}' />
        </Field>
        <Field label="Example payload" optional error={fields.examplePayload} hint="Prefills “Send test event”; must match the schema.">
          <Textarea rows={6} spellCheck={false} className="font-mono text-xs" value={example} onChange={(e) => setExample(e.target.value)} placeholder='{"id": "ord_123"}' />
        </Field>
        <FormError error={formError} />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

export function EventTypesPage() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const query = useQuery(eventTypeQueries.list(true));
  const [editing, setEditing] = useState<EventTypeJson | "new" | null>(null);
  const archive = useMutation({
    mutationFn: (t: EventTypeJson) => apiPatch<EventTypeJson>(`/api/v1/event-types/${encodeURIComponent(t.name)}`, { archived: !t.archived }),
    onSuccess: (t) => {
      void queryClient.invalidateQueries({ queryKey: eventTypeQueries.all() });
      toast({ tone: "success", title: t.archived ? `${t.name} archived` : `${t.name} restored`, description: t.archived ? "New endpoints can no longer subscribe to it; publishing still works." : undefined });
    },
    onError: (err) => toast({ tone: "error", title: "Could not update the event type", description: errorMessage(err) }),
  });
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
                    <span className={`font-mono text-sm ${t.archived ? "text-slate-500" : "font-medium text-slate-900"}`}>{t.name}</span>
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
                    <Button size="sm" variant="ghost" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => archive.mutate(t)} loading={archive.isPending && archive.variables?.id === t.id} aria-label={`${t.archived ? "Restore" : "Archive"} ${t.name}`}>
                      {t.archived ? "Restore" : "Archive"}
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {editing && <EventTypeDialog key={editing === "new" ? "new" : editing.id} eventType={editing === "new" ? null : editing} open onClose={() => setEditing(null)} />}
    </>
  );
}
