"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/lib/query/fetcher";
import { tenantMutations } from "@/lib/query/mutations";
import { tenantQueries } from "@/lib/query/queries";
import { useTenant, useViewer } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, FormError, Input } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { ErrorState, LoadingState } from "../ui/states";
import { useToast } from "../ui/toast";

function describe(seconds: number): string {
  const days = seconds / 86_400;
  if (days >= 1 && Number.isInteger(days)) return `${days} day${days === 1 ? "" : "s"}`;
  const hours = seconds / 3600;
  return hours >= 1 ? `${Math.round(hours * 10) / 10} hours` : `${Math.round(seconds)} seconds`;
}

/** How long the tenant's messages, deliveries and attempts are kept; operators change it. */
export function RetentionPage() {
  const tenant = useTenant();
  const viewer = useViewer();
  const toast = useToast();
  const query = useQuery(tenantQueries.detail(tenant.id));
  const update = useMutation(tenantMutations.update(tenant.id));
  const [days, setDays] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (query.isPending) return <LoadingState label="Loading…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const t = query.data;
  const save = (retentionDays: number | null) =>
    update.mutate(
      { retentionDays },
      {
        onSuccess: (saved) => {
          setDays(null);
          setError(null);
          void query.refetch();
          toast({ tone: "success", title: `Retention: ${describe(saved.retentionSeconds)}${saved.retentionDays === null ? " (the default)" : ""}` });
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  return (
    <>
      <PageHeader title="Data retention" description="How long Hookyard keeps this tenant's messages with their deliveries and attempts." />
      <Card>
        <CardHeader title={`Kept for ${describe(t.retentionSeconds)}`} description={t.retentionDays === null ? "The default of this Hookyard (HOOKYARD_RETENTION)." : "This tenant's own setting."} />
        <CardBody className="space-y-4">
          <p className="text-sm text-slate-700" data-testid="retention-summary">
            Messages published more than {describe(t.retentionSeconds)} ago are deleted in the background, with their deliveries and attempt logs. A message with a delivery still
            pending — a retry to come — is kept until it finishes. Delivery statistics keep their history.
          </p>
          {viewer.isAdmin ? (
            <form
              className="flex flex-col gap-3 sm:flex-row sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                const n = Number(days ?? t.retentionDays ?? "");
                if (!Number.isInteger(n) || n < 1 || n > 36_500) return setError("Enter a whole number of days from 1 to 36500");
                save(n);
              }}
            >
              <Field label="Keep for (days)" className="sm:w-48">
                <Input type="number" inputMode="numeric" min={1} max={36_500} value={days ?? t.retentionDays?.toString() ?? ""} placeholder={String(Math.round(t.retentionSeconds / 86_400))} onChange={(e) => setDays(e.target.value)} />
              </Field>
              <Button type="submit" variant="primary" loading={update.isPending && update.variables?.retentionDays !== null}>
                Save
              </Button>
              {t.retentionDays !== null && (
                <Button onClick={() => save(null)} loading={update.isPending && update.variables?.retentionDays === null}>
                  Use the default
                </Button>
              )}
            </form>
          ) : (
            <p className="text-sm text-slate-500">Set by the operator of this Hookyard.</p>
          )}
          <FormError error={error} />
        </CardBody>
      </Card>
    </>
  );
}
