"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EndpointJson } from "@/lib/schemas/endpoints";
import { testEventSchema } from "@/lib/schemas/endpoints";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { eventTypeQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, FormError, Select, Textarea } from "../ui/field";
import { parseJsonText } from "../ui/json-text";
import { useToast } from "../ui/toast";

const PING = "hookyard.ping";

function examplePayloadText(example: unknown, endpointId: string): string {
  return JSON.stringify(example ?? { message: "Test event from Hookyard", endpointId }, null, 2);
}

/** Send a test event of a chosen type with an editable JSON payload (checked before sending). */
export function TestEventCard({ endpoint }: { endpoint: EndpointJson }) {
  const tenant = useTenant();
  const toast = useToast();
  const catalog = useQuery(eventTypeQueries.list());
  const choices = [PING, ...(catalog.data ?? []).map((t) => t.name).filter((n) => endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(n))];
  const exampleText = (eventType: string) =>
    examplePayloadText(eventType === PING ? null : catalog.data?.find((t) => t.name === eventType)?.examplePayload, endpoint.id);
  const form = useApiForm({
    // `payload` is null until edited: the chosen type's example stands in for it.
    initial: { eventType: endpoint.eventTypes[0] ?? PING, payload: null as string | null },
    schema: testEventSchema,
    toBody: ({ eventType, payload }, fail) => {
      const parsed = parseJsonText(payload ?? exampleText(eventType));
      if (!parsed.ok) fail("payload", parsed.message);
      return { eventType, payload: parsed.ok ? parsed.value : undefined };
    },
    mutation: endpointMutations.sendTestEvent(tenant.id, endpoint.id),
    onSuccess: (res) =>
      toast({
        tone: "success",
        title: "Test event sent",
        description: res.deliveryId ? (
          <Link className="font-medium text-indigo-700 underline" href={tenantPath(tenant, `/deliveries/${res.deliveryId}`)}>
            Follow the delivery
          </Link>
        ) : (
          `Message ${res.messageId}`
        ),
      }),
    onError: (err) => toast({ tone: "error", title: "Test event not sent", description: errorMessage(err) }),
  });
  const { eventType, payload } = form.values;
  const text = payload ?? exampleText(eventType);
  // Checked as you type: the button stays off while the JSON does not parse — and while the
  // catalog, whose example stands in for an unedited payload, is still loading.
  const checked = parseJsonText(text);
  const jsonError = checked.ok ? null : checked.message;

  return (
    <Card>
      <CardHeader title="Send a test event" description="Delivered to this endpoint only, signed like any other webhook and marked as a test." />
      <CardBody>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!jsonError) form.submit();
          }}
        >
          <Field label="Event type" error={form.errors.eventType}>
            <Select
              value={eventType}
              onChange={(e) => {
                form.set("eventType", e.target.value);
                form.set("payload", null);
              }}
            >
              {choices.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Payload (JSON)" error={jsonError ?? form.errors.payload} hint={jsonError ? undefined : "Prefilled with the event type's example; edit freely."}>
            <Textarea rows={10} spellCheck={false} className="font-mono text-xs" value={text} onChange={(e) => form.set("payload", e.target.value)} />
          </Field>
          <FormError error={form.formError} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            {payload !== null && (
              <Button variant="ghost" size="sm" onClick={() => form.set("payload", null)}>
                Reset to example
              </Button>
            )}
            <Button type="submit" variant="primary" loading={form.pending} disabled={Boolean(jsonError) || !tenant.canWrite || endpoint.disabled || (payload === null && eventType !== PING && catalog.isPending)}>
              Send test event
            </Button>
          </div>
          {endpoint.disabled && <p className="text-sm text-slate-600">Enable the endpoint to send test events.</p>}
        </form>
      </CardBody>
    </Card>
  );
}
