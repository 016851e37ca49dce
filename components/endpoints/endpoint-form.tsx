"use client";
import { useRouter } from "next/navigation";
import { endpointCreateSchema, endpointUpdateSchema, type EndpointJson } from "@/lib/schemas/endpoints";
import { endpointMutations } from "@/lib/query/mutations";
import { useApiForm } from "@/lib/query/use-api-form";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button, ButtonLink } from "../ui/button";
import { Card, CardBody } from "../ui/card";
import { Field, FormError, Input, Textarea } from "../ui/field";
import { useToast } from "../ui/toast";
import { EventTypePicker, NONE_CHOSEN, type PickMode } from "./event-type-picker";
import { HeadersEditor, newHeaderRow, rowsToHeaders } from "./headers-editor";
import { keptPins, VersionPins } from "./version-pins";

const optionalInt = (text: string) => (text.trim() === "" ? null : Number(text));

/** Create (no `endpoint`) or edit an endpoint. Checked with the API's own zod schema first. */
export function EndpointForm({ endpoint }: { endpoint?: EndpointJson }) {
  const tenant = useTenant();
  const router = useRouter();
  const toast = useToast();
  const form = useApiForm({
    initial: () => ({
      url: endpoint?.url ?? "",
      description: endpoint?.description ?? "",
      eventTypes: endpoint?.eventTypes ?? [],
      typesMode: (endpoint?.eventTypes.length ? "some" : "all") as PickMode,
      headers: Object.entries(endpoint?.headers ?? {}).map(([n, v]) => newHeaderRow(n, v)),
      rateLimitPerSecond: endpoint?.rateLimitPerSecond?.toString() ?? "",
      timeoutMs: endpoint?.timeoutMs?.toString() ?? "",
      ordered: endpoint?.ordered ?? false,
      pinnedVersions: endpoint?.pinnedVersions ?? {},
    }),
    schema: endpoint ? endpointUpdateSchema : endpointCreateSchema,
    toBody: (v, fail) => {
      const names = v.headers.map((h) => h.name.trim().toLowerCase()).filter(Boolean);
      if (new Set(names).size !== names.length) fail("headers", "A header name appears twice");
      if (v.typesMode === "some" && v.eventTypes.length === 0) fail("eventTypes", NONE_CHOSEN);
      return {
        url: v.url.trim(),
        description: v.description,
        eventTypes: v.eventTypes,
        headers: rowsToHeaders(v.headers),
        rateLimitPerSecond: optionalInt(v.rateLimitPerSecond),
        timeoutMs: optionalInt(v.timeoutMs),
        ordered: v.ordered,
        pinnedVersions: keptPins(v.pinnedVersions, v.eventTypes),
      };
    },
    mutation: endpointMutations.save(tenant.id, endpoint?.id),
    onSuccess: (saved) => {
      toast({ tone: "success", title: endpoint ? "Endpoint saved" : "Endpoint created" });
      router.push(tenantPath(tenant, `/endpoints/${saved.id}`));
    },
  });

  return (
    <Card>
      <CardBody>
        <form noValidate className="space-y-6" onSubmit={form.submit}>
          <Field label="Endpoint URL" error={form.errors.url} hint="Where Hookyard POSTs webhooks. https:// in production.">
            <Input type="url" inputMode="url" placeholder="https://example.com/webhooks" {...form.input("url")} required autoFocus={!endpoint} />
          </Field>
          <Field label="Description" optional error={form.errors.description}>
            <Textarea rows={2} {...form.input("description")} placeholder="What this endpoint is for" />
          </Field>
          <EventTypePicker
            value={form.values.eventTypes}
            onChange={(next) => form.set("eventTypes", next)}
            mode={form.values.typesMode}
            onModeChange={(mode) => {
              form.set("typesMode", mode);
              form.set("eventTypes", form.values.eventTypes); // a new choice clears the old complaint
            }}
            error={form.errors.eventTypes}
          />
          <VersionPins eventTypes={form.values.eventTypes} value={form.values.pinnedVersions} onChange={(next) => form.set("pinnedVersions", next)} error={form.errors.pinnedVersions} />
          <HeadersEditor rows={form.values.headers} onChange={(rows) => form.set("headers", rows)} error={form.errors.headers} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Rate limit (requests per second)" optional error={form.errors.rateLimitPerSecond} hint="Leave empty for no limit.">
              <Input type="number" inputMode="numeric" min={1} {...form.input("rateLimitPerSecond")} />
            </Field>
            <Field label="Timeout (milliseconds)" optional error={form.errors.timeoutMs} hint="100 to 30000; default 15000.">
              <Input type="number" inputMode="numeric" min={100} max={30000} step={100} {...form.input("timeoutMs")} />
            </Field>
          </div>
          <label className="flex items-start gap-3 text-sm text-slate-700">
            <input type="checkbox" className="mt-0.5 size-4 accent-indigo-600" checked={form.values.ordered} onChange={(e) => form.set("ordered", e.target.checked)} />
            <span>
              <span className="font-medium text-slate-900">Ordered delivery</span>
              <span className="block text-xs text-slate-500">
                One message in flight at a time, in publish order. A failing message holds back the later ones until it succeeds or gives up. Applies to messages published from now on.
              </span>
            </span>
          </label>
          <FormError error={form.formError} />
          <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4">
            <ButtonLink href={endpoint ? tenantPath(tenant, `/endpoints/${endpoint.id}`) : tenantPath(tenant, "/endpoints")}>Cancel</ButtonLink>
            <Button type="submit" variant="primary" loading={form.pending}>
              {endpoint ? "Save changes" : "Create endpoint"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
