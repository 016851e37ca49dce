"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { inboxCreateSchema } from "@/lib/schemas/inboxes";
import { inboxMutations } from "@/lib/query/mutations";
import { inboxQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { CreateTestInboxButton } from "../endpoints/quick-start";
import { tenantPath, useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { cn, focusRing } from "../ui/cn";
import { CopyButton } from "../ui/copy-button";
import { besideFieldClass, Field, FormError, Input } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

function CreateInboxForm() {
  const tenant = useTenant();
  const toast = useToast();
  const form = useApiForm({
    initial: { name: "" },
    schema: inboxCreateSchema,
    mutation: inboxMutations.create(tenant.id),
    onSuccess: (inbox) => {
      form.reset();
      toast({ tone: "success", title: `Inbox “${inbox.name}” created`, description: "Point an endpoint at its URL to capture deliveries." });
    },
  });
  return (
    <div className="space-y-3">
      <form noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start" onSubmit={form.submit}>
        <Field label="Inbox name" error={form.errors.name} className="flex-1">
          <Input {...form.input("name")} placeholder="e.g. Staging receiver" />
        </Field>
        <Button type="submit" variant="primary" loading={form.pending} className={besideFieldClass}>
          Create inbox
        </Button>
      </form>
      <FormError error={form.formError} />
    </div>
  );
}

export function InboxesPage() {
  const tenant = useTenant();
  const query = useQuery(inboxQueries.list(tenant.id));
  return (
    <>
      <PageHeader
        title="Test inboxes"
        description="Capture URLs built into Hookyard: point an endpoint at one and watch webhooks arrive, with their signatures checked."
        actions={<CreateTestInboxButton />}
      />
      <div className="space-y-6">
        {tenant.canWrite && (
          <Card>
            <CardHeader title="New inbox" description="Just the capture URL. “Create test inbox” above also adds an endpoint pointing at it." />
            <CardBody>
              <CreateInboxForm />
            </CardBody>
          </Card>
        )}
        <Card>
          {query.isPending ? (
            <LoadingState label="Loading inboxes…" />
          ) : query.isError ? (
            <ErrorState error={query.error} onRetry={() => query.refetch()} />
          ) : query.data.length === 0 ? (
            <EmptyState title="No test inboxes" description="Create one to try deliveries without running your own receiver." />
          ) : (
            <Table label="Test inboxes">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Capture URL</TH>
                  <TH className="hidden sm:table-cell">Created</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.map((inbox) => (
                  <TR key={inbox.id} className="hover:bg-slate-50">
                    <TD>
                      <Link href={tenantPath(tenant, `/inboxes/${inbox.id}`)} className={cn("font-medium text-slate-900 hover:text-indigo-700", focusRing)}>
                        {inbox.name}
                      </Link>
                    </TD>
                    <TD className="max-w-md">
                      <div className="flex items-center gap-2">
                        <code className="min-w-0 truncate font-mono text-xs text-slate-600" title={inbox.url}>
                          {inbox.url}
                        </code>
                        <CopyButton value={inbox.url} label="Copy URL" />
                      </div>
                    </TD>
                    <TD className="hidden text-xs sm:table-cell">
                      <RelativeTime value={inbox.createdAt} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
