"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminInvitationCreateSchema } from "@/lib/schemas/members";
import { tenantCreateSchema } from "@/lib/schemas/tenants";
import { memberMutations, tenantMutations } from "@/lib/query/mutations";
import { tenantQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { Badge } from "../ui/badge";
import { Button, ButtonLink } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { besideFieldClass, Field, FormError, Input } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

function CreateTenantForm({ first }: { first: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const form = useApiForm({
    initial: { name: "", uid: "" },
    schema: tenantCreateSchema,
    toBody: ({ name, uid }) => ({ name, uid: uid.trim() || undefined }),
    mutation: tenantMutations.create(),
    onSuccess: (tenant) => {
      toast({ tone: "success", title: `Tenant “${tenant.name}” created` });
      form.reset();
      if (first) router.push(`/t/${tenant.id}/endpoints`);
    },
  });
  return (
    <form noValidate className="space-y-4" onSubmit={form.submit}>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Tenant name" error={form.errors.name}>
          <Input {...form.input("name")} placeholder="Acme Inc." autoFocus={first} />
        </Field>
        <Field label="Your id for it" optional error={form.errors.uid} hint="E.g. your customer id; usable in API paths instead of Hookyard's id.">
          <Input {...form.input("uid")} placeholder="cus_123" className="font-mono" />
        </Field>
      </div>
      <FormError error={form.formError} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" loading={form.pending}>
          Create tenant
        </Button>
      </div>
    </form>
  );
}

function InviteAdminForm() {
  const toast = useToast();
  const [link, setLink] = useState<string | null>(null);
  const form = useApiForm({
    initial: { email: "" },
    schema: adminInvitationCreateSchema,
    toBody: ({ email }) => ({ email: email.trim() }),
    mutation: memberMutations.inviteAdmin(),
    onSuccess: (res) => {
      setLink(res.url);
      form.reset();
      toast({ tone: "success", title: "Invitation created", description: "Send the link; it is shown once." });
    },
  });
  return (
    <div className="space-y-3">
      <form noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start" onSubmit={form.submit}>
        <Field label="Email" error={form.errors.email} className="flex-1">
          <Input type="email" {...form.input("email")} placeholder="colleague@example.com" />
        </Field>
        <Button type="submit" loading={form.pending} className={besideFieldClass}>
          Invite operator admin
        </Button>
      </form>
      <FormError error={form.formError} />
      {link && (
        <div className="flex flex-col gap-2 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200 sm:flex-row sm:items-center" data-testid="invitation-link">
          <code className="min-w-0 flex-1 truncate font-mono text-xs">{link}</code>
          <CopyButton value={link} label="Copy link" />
        </div>
      )}
    </div>
  );
}

export function TenantsPage() {
  const query = useQuery(tenantQueries.list());
  const first = query.data?.length === 0;
  return (
    <>
      <PageHeader title="Tenants" description="Your customers. Each has its own endpoints, deliveries, members and API keys." />
      <div className="space-y-6">
        <Card>
          <CardHeader title={first ? "Create your first tenant" : "New tenant"} description={first ? "Tenants receive webhooks. Create one, then add an endpoint — or a test inbox — to it." : undefined} />
          <CardBody>
            <CreateTenantForm first={Boolean(first)} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="All tenants" />
          {query.isPending ? (
            <LoadingState />
          ) : query.isError ? (
            <ErrorState error={query.error} onRetry={() => query.refetch()} />
          ) : query.data.length === 0 ? (
            <EmptyState title="No tenants yet" description="Create one above, or with POST /api/v1/tenants." />
          ) : (
            <Table label="Tenants">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH className="hidden md:table-cell">Your id</TH>
                  <TH className="hidden lg:table-cell">Tenant id</TH>
                  <TH className="hidden sm:table-cell">Created</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {query.data.map((t) => (
                  <TR key={t.id} className="hover:bg-slate-50">
                    <TD>
                      <Link href={`/t/${t.id}/endpoints`} className="font-medium text-slate-900 hover:text-indigo-700">
                        {t.name}
                      </Link>
                      {t.builtIn && (
                        <Link href="/admin/operational-webhooks" className="ml-2" title="Hookyard publishes its operational events here">
                          <Badge tone="violet">Built in: operational webhooks</Badge>
                        </Link>
                      )}
                    </TD>
                    <TD className="hidden font-mono text-xs md:table-cell">{t.uid ?? <span className="text-slate-400">—</span>}</TD>
                    <TD className="hidden font-mono text-xs text-slate-500 lg:table-cell">{t.id}</TD>
                    <TD className="hidden text-xs sm:table-cell">
                      <RelativeTime value={t.createdAt} />
                    </TD>
                    <TD className="text-right whitespace-nowrap">
                      <ButtonLink size="sm" variant="ghost" href={`/t/${t.id}/members`} aria-label={`Members of ${t.name}`}>
                        Members
                      </ButtonLink>
                      <ButtonLink size="sm" href={`/t/${t.id}/endpoints`} aria-label={`Open ${t.name}`}>
                        Open
                      </ButtonLink>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Operator admins" description="Invite someone to run Hookyard with you: they see every tenant and the catalog." />
          <CardBody>
            <InviteAdminForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
