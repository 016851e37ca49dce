"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { EndpointJson } from "@/lib/api/schemas/endpoints";
import { apiPost, errorMessage } from "@/lib/query/fetcher";
import { errorsFromApi } from "@/lib/query/forms";
import { deliveryQueries, endpointQueries, eventTypeQueries, messageQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, FormError, Select, Textarea } from "../ui/field";
import { useToast } from "../ui/toast";

const PING = "hookyard.ping";

function examplePayloadText(example: unknown, endpointId: string): string {
  return JSON.stringify(example ?? { message: "Test event from Hookyard", endpointId }, null, 2);
}

/** Send a test event of a chosen type with an editable JSON payload (checked before sending). */
export function TestEventCard({ endpoint }: { endpoint: EndpointJson }) {
  const tenant = useTenant();
  const toast = useToast();
  const queryClient = useQueryClient();
  const catalog = useQuery(eventTypeQueries.list());
  const choices = [PING, ...(catalog.data ?? []).map((t) => t.name).filter((n) => endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(n))];
  const [eventType, setEventType] = useState(endpoint.eventTypes[0] ?? PING);
  const [payload, setPayload] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const example = catalog.data?.find((t) => t.name === eventType)?.examplePayload;
  const text = payload ?? examplePayloadText(eventType === PING ? null : example, endpoint.id);

  let jsonError: string | null = null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    jsonError = `Not valid JSON: ${(err as Error).message}`;
  }

  const send = useMutation({
    mutationFn: () =>
      apiPost<{ messageId: string; deliveryId?: string }>(`/api/v1/tenants/${encodeURIComponent(tenant.id)}/endpoints/${endpoint.id}/test`, { eventType, payload: parsed }),
    onSuccess: (res) => {
      setFormError(null);
      void queryClient.invalidateQueries({ queryKey: deliveryQueries.all(tenant.id) });
      void queryClient.invalidateQueries({ queryKey: messageQueries.all(tenant.id) });
      void queryClient.invalidateQueries({ queryKey: endpointQueries.allStats(tenant.id) });
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
      });
    },
    onError: (err) => {
      setFormError(errorsFromApi(err).form);
      toast({ tone: "error", title: "Test event not sent", description: errorMessage(err) });
    },
  });

  return (
    <Card>
      <CardHeader title="Send a test event" description="Delivered to this endpoint only, signed like any other webhook and marked as a test." />
      <CardBody>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!jsonError) send.mutate();
          }}
        >
          <Field label="Event type">
            <Select
              value={eventType}
              onChange={(e) => {
                setEventType(e.target.value);
                setPayload(null);
              }}
            >
              {choices.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Payload (JSON)" error={jsonError} hint={jsonError ? undefined : "Prefilled with the event type's example; edit freely."}>
            <Textarea rows={10} spellCheck={false} className="font-mono text-xs" value={text} onChange={(e) => setPayload(e.target.value)} />
          </Field>
          <FormError error={formError} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            {payload !== null && (
              <Button variant="ghost" size="sm" onClick={() => setPayload(null)}>
                Reset to example
              </Button>
            )}
            <Button type="submit" variant="primary" loading={send.isPending} disabled={Boolean(jsonError) || !tenant.canWrite || endpoint.disabled}>
              Send test event
            </Button>
          </div>
          {endpoint.disabled && <p className="text-sm text-slate-600">Enable the endpoint to send test events.</p>}
        </form>
      </CardBody>
    </Card>
  );
}
