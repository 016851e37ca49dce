"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiKeyCreateSchema } from "@/lib/api/schemas/api-keys";
import { apiDelete, apiPost, errorMessage } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
import { apiKeyQueries } from "@/lib/query/queries";
import type { ApiKeyCreatedJson, ApiKeyJsonClient } from "@/lib/query/types";
import { useTenant } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { ConfirmDialog } from "../ui/dialog";
import { besideFieldClass, Field, FormError, Input } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

interface Scope {
  /** API path of the key collection. */
  path: string;
  queryKey: readonly unknown[];
  query: ReturnType<typeof apiKeyQueries.admin>;
  canWrite: boolean;
}

function ApiKeys({ scope, what }: { scope: Scope; what: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const keys = useQuery(scope.query);
  const [name, setName] = useState("");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<ApiKeyCreatedJson | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyJsonClient | null>(null);
  const create = useMutation({
    mutationFn: (input: { name: string }) => apiPost<ApiKeyCreatedJson>(scope.path, input),
    onSuccess: (key) => {
      setName("");
      setFields({});
      setFormError(null);
      setCreated(key);
      void queryClient.invalidateQueries({ queryKey: scope.queryKey });
      toast({ tone: "success", title: "API key created", description: "Copy it now: it is shown only once." });
    },
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });
  const live = (keys.data ?? []).filter((k) => !k.revokedAt);
  const revoked = (keys.data ?? []).filter((k) => k.revokedAt);
  return (
    <div className="space-y-6">
      {scope.canWrite && (
        <Card>
          <CardHeader title="Create an API key" description={what} />
          <CardBody className="space-y-4">
            <form
              noValidate
              className="flex flex-col gap-3 sm:flex-row sm:items-start"
              onSubmit={(e) => {
                e.preventDefault();
                const checked = validate(apiKeyCreateSchema, { name });
                setFields(checked.errors ?? {});
                if (checked.data) create.mutate(checked.data);
              }}
            >
              <Field label="Key name" error={fields.name} className="flex-1" hint="What uses it, e.g. “billing service”.">
                <Input value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
              <Button type="submit" variant="primary" loading={create.isPending} className={besideFieldClass}>
                Create key
              </Button>
            </form>
            <FormError error={formError} />
            {created && (
              <div className="rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200" data-testid="new-api-key">
                <p className="text-sm text-emerald-900">
                  <strong>{created.name}</strong>: copy this key now. It will not be shown again.
                </p>
                <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
                  <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-emerald-200">{created.key}</code>
                  <CopyButton value={created.key} label="Copy key" />
                  <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
                    Done
                  </Button>
                </div>
              </div>
            )}
          </CardBody>
        </Card>
      )}
      <Card>
        <CardHeader title="Keys" />
        {keys.isPending ? (
          <LoadingState />
        ) : keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys" description="Programs authenticate with `Authorization: Bearer hy_...`." />
        ) : (
          <Table label="API keys">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Key</TH>
                <TH className="hidden sm:table-cell">Created</TH>
                <TH className="hidden md:table-cell">Last used</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {[...live, ...revoked].map((k) => (
                <TR key={k.id} className={k.revokedAt ? "opacity-60" : undefined}>
                  <TD className="font-medium text-slate-900">
                    {k.name}
                    {k.role && <Badge className="ml-2 capitalize">{k.role}</Badge>}
                  </TD>
                  <TD>
                    <code className="font-mono text-xs">{k.prefix}…</code>
                  </TD>
                  <TD className="hidden text-xs sm:table-cell">
                    <RelativeTime value={k.createdAt} />
                  </TD>
                  <TD className="hidden text-xs md:table-cell">
                    <RelativeTime value={k.lastUsedAt} fallback="Never" />
                  </TD>
                  <TD className="text-right">
                    {k.revokedAt ? (
                      <Badge>Revoked</Badge>
                    ) : (
                      scope.canWrite && (
                        <Button size="sm" variant="ghost" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </Button>
                      )
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name}”?`}
        description="Programs using this key get 401 from now on. This cannot be undone."
        confirmLabel="Revoke key"
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await apiDelete(`${scope.path}/${revoking.id}`);
          } catch (err) {
            toast({ tone: "error", title: "Could not revoke the key", description: errorMessage(err) });
            throw err;
          }
          void queryClient.invalidateQueries({ queryKey: scope.queryKey });
          toast({ tone: "success", title: "API key revoked" });
        }}
      />
    </div>
  );
}

export function TenantApiKeysPage() {
  const tenant = useTenant();
  const query = apiKeyQueries.tenant(tenant.id);
  return (
    <>
      <PageHeader title="API keys" description={`Keys for programs acting on ${tenant.name} only: endpoints, deliveries, messages.`} />
      <ApiKeys
        scope={{ path: `/api/v1/tenants/${encodeURIComponent(tenant.id)}/api-keys`, queryKey: query.queryKey, query, canWrite: tenant.canWrite }}
        what="A tenant key acts as a member of this tenant: endpoints, messages, deliveries, but not members. An owner key (role owner, API only) can manage members too."
      />
    </>
  );
}

export function AdminApiKeysPage() {
  const query = apiKeyQueries.admin();
  return (
    <>
      <PageHeader title="Admin API keys" description="Operator keys: publish messages for any tenant, manage tenants and the event-type catalog." />
      <ApiKeys scope={{ path: "/api/v1/api-keys", queryKey: query.queryKey, query, canWrite: true }} what="An admin key can do everything. Keep it in your backend's secrets." />
    </>
  );
}
