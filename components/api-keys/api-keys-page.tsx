"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiKeyCreateSchema, type ApiKeyCreatedJson, type ApiKeyJson } from "@/lib/schemas/api-keys";
import { errorMessage } from "@/lib/query/fetcher";
import { apiKeyMutations } from "@/lib/query/mutations";
import { apiKeyQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
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
  /** The tenant whose keys these are; none for operator (admin) keys. */
  tenant?: string;
  canWrite: boolean;
}

function ApiKeys({ scope, what }: { scope: Scope; what: string }) {
  const toast = useToast();
  const keys = useQuery(scope.tenant ? apiKeyQueries.tenant(scope.tenant) : apiKeyQueries.admin());
  const [created, setCreated] = useState<ApiKeyCreatedJson | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyJson | null>(null);
  const revoke = useMutation(apiKeyMutations.revoke(scope.tenant));
  const form = useApiForm({
    initial: { name: "" },
    schema: apiKeyCreateSchema,
    mutation: apiKeyMutations.create(scope.tenant),
    onSuccess: (key) => {
      form.reset();
      setCreated(key);
      toast({ tone: "success", title: "API key created", description: "Copy it now: it is shown only once." });
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
            <form noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start" onSubmit={form.submit}>
              <Field label="Key name" error={form.errors.name} className="flex-1" hint="What uses it, e.g. “billing service”.">
                <Input {...form.input("name")} />
              </Field>
              <Button type="submit" variant="primary" loading={form.pending} className={besideFieldClass}>
                Create key
              </Button>
            </form>
            <FormError error={form.formError} />
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
          <EmptyState
            title="No API keys"
            description={
              <>
                Programs authenticate with the header <code className="font-mono text-xs">Authorization: Bearer hy_…</code>
              </>
            }
          />
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
          await revoke.mutateAsync(revoking.id, {
            onSuccess: () => toast({ tone: "success", title: "API key revoked" }),
            onError: (err) => toast({ tone: "error", title: "Could not revoke the key", description: errorMessage(err) }),
          });
        }}
      />
    </div>
  );
}

export function TenantApiKeysPage() {
  const tenant = useTenant();
  return (
    <>
      <PageHeader title="API keys" description={`Keys for programs acting on ${tenant.name} only: endpoints, deliveries, messages.`} />
      <ApiKeys
        scope={{ tenant: tenant.id, canWrite: tenant.canWrite }}
        what="A tenant key acts as a member of this tenant: endpoints, messages, deliveries, but not members. An owner key (role owner, API only) can manage members too."
      />
    </>
  );
}

export function AdminApiKeysPage() {
  return (
    <>
      <PageHeader title="Admin API keys" description="Operator keys: publish messages for any tenant, manage tenants and the event-type catalog." />
      <ApiKeys scope={{ canWrite: true }} what="An admin key can do everything. Keep it in your backend's secrets." />
    </>
  );
}
