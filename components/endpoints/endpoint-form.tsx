"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { endpointCreateSchema, endpointUpdateSchema, type EndpointJson } from "@/lib/api/schemas/endpoints";
import { apiPatch, apiPost } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
import { endpointQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button, ButtonLink } from "../ui/button";
import { Card, CardBody } from "../ui/card";
import { Field, FormError, Input, Textarea } from "../ui/field";
import { useToast } from "../ui/toast";
import { EventTypePicker } from "./event-type-picker";
import { HeadersEditor, newHeaderRow, rowsToHeaders, type HeaderRow } from "./headers-editor";

const optionalInt = (text: string) => (text.trim() === "" ? null : Number(text));

/** Create (no `endpoint`) or edit an endpoint. Checked with the API's own zod schema first. */
export function EndpointForm({ endpoint }: { endpoint?: EndpointJson }) {
  const tenant = useTenant();
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint?.eventTypes ?? []);
  const [headers, setHeaders] = useState<HeaderRow[]>(() => Object.entries(endpoint?.headers ?? {}).map(([n, v]) => newHeaderRow(n, v)));
  const [rateLimit, setRateLimit] = useState(endpoint?.rateLimitPerSecond?.toString() ?? "");
  const [timeoutMs, setTimeoutMs] = useState(endpoint?.timeoutMs?.toString() ?? "");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const base = `/api/v1/tenants/${encodeURIComponent(tenant.id)}/endpoints`;
  const mutation = useMutation({
    mutationFn: (input: Record<string, unknown>) => (endpoint ? apiPatch<EndpointJson>(`${base}/${endpoint.id}`, input) : apiPost<EndpointJson>(base, input)),
    onSuccess: (saved) => {
      queryClient.setQueryData(endpointQueries.detail(tenant.id, saved.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: endpointQueries.all(tenant.id) });
      toast({ tone: "success", title: endpoint ? "Endpoint saved" : "Endpoint created" });
      router.push(tenantPath(tenant, `/endpoints/${saved.id}`));
    },
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });

  const submit = () => {
    const names = headers.map((h) => h.name.trim().toLowerCase()).filter(Boolean);
    const input = {
      url: url.trim(),
      description,
      eventTypes,
      headers: rowsToHeaders(headers),
      rateLimitPerSecond: optionalInt(rateLimit),
      timeoutMs: optionalInt(timeoutMs),
    };
    const checked = validate(endpoint ? endpointUpdateSchema : endpointCreateSchema, input);
    const errors = { ...(checked.errors ?? {}) };
    if (new Set(names).size !== names.length) errors.headers ??= "A header name appears twice";
    setFields(errors);
    setFormError(Object.keys(errors).length ? "Please fix the highlighted fields." : null);
    if (checked.data && Object.keys(errors).length === 0) mutation.mutate(input);
  };

  return (
    <Card>
      <CardBody>
        <form
          noValidate
          className="space-y-6"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label="Endpoint URL" error={fields.url} hint="Where Hookyard POSTs webhooks. https:// in production.">
            <Input type="url" inputMode="url" placeholder="https://example.com/webhooks" value={url} onChange={(e) => setUrl(e.target.value)} required autoFocus={!endpoint} />
          </Field>
          <Field label="Description" optional error={fields.description}>
            <Textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What this endpoint is for" />
          </Field>
          <EventTypePicker value={eventTypes} onChange={setEventTypes} error={fields.eventTypes} />
          <HeadersEditor rows={headers} onChange={setHeaders} error={fields.headers} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Rate limit (requests per second)" optional error={fields.rateLimitPerSecond} hint="Leave empty for no limit.">
              <Input type="number" inputMode="numeric" min={1} value={rateLimit} onChange={(e) => setRateLimit(e.target.value)} />
            </Field>
            <Field label="Timeout (milliseconds)" optional error={fields.timeoutMs} hint="100 to 30000; default 15000.">
              <Input type="number" inputMode="numeric" min={100} max={30000} step={100} value={timeoutMs} onChange={(e) => setTimeoutMs(e.target.value)} />
            </Field>
          </div>
          <FormError error={formError} />
          <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4">
            <ButtonLink href={endpoint ? tenantPath(tenant, `/endpoints/${endpoint.id}`) : tenantPath(tenant, "/endpoints")}>Cancel</ButtonLink>
            <Button type="submit" variant="primary" loading={mutation.isPending}>
              {endpoint ? "Save changes" : "Create endpoint"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
