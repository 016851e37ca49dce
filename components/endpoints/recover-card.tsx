"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { ConfirmDialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { formatCount } from "../ui/format";
import { useToast } from "../ui/toast";

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Re-queue every failed delivery of the endpoint created since a moment (after an outage) — after
 * a preview of how many that is, so nobody re-sends thousands of webhooks by surprise.
 */
export function RecoverCard({ endpointId, disabled }: { endpointId: string; disabled: boolean }) {
  const tenant = useTenant();
  const toast = useToast();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [preview, setPreview] = useState<{ since: string; count: number } | null>(null);
  const recover = useMutation(endpointMutations.recover(tenant.id, endpointId));
  const previewFor = useMutation(endpointMutations.recover(tenant.id, endpointId));
  const check = () =>
    previewFor.mutate(
      { since: new Date(since).toISOString(), dryRun: true },
      {
        onSuccess: ({ wouldRequeue = 0 }) => {
          if (wouldRequeue === 0) toast({ tone: "success", title: "Nothing to recover", description: "No delivery has failed since then." });
          else setPreview({ since: new Date(since).toISOString(), count: wouldRequeue });
        },
        onError: (err) => toast({ tone: "error", title: "Could not count the failed deliveries", description: errorMessage(err) }),
      },
    );
  const start = (p: { since: string }) =>
    recover.mutateAsync(
      { since: p.since },
      {
        onSuccess: ({ requeued }) =>
          toast({ tone: "success", title: requeued ? `Requeued ${requeued} failed deliver${requeued === 1 ? "y" : "ies"}` : "Nothing to recover", description: requeued ? "They are being attempted again now." : "No failed deliveries since then." }),
        onError: (err) => toast({ tone: "error", title: "Recovery failed", description: errorMessage(err) }),
      },
    );
  if (!tenant.canWrite) return null;
  const plural = (n: number) => `${formatCount(n)} failed deliver${n === 1 ? "y" : "ies"}`;
  return (
    <Card>
      <CardHeader title="Recover failed deliveries" description="After an outage on your side: attempt every failed delivery since a moment again. You see how many first." />
      <CardBody>
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (since) check();
          }}
        >
          <Field label="Failed since" className="flex-1">
            <Input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required max={localInputValue(new Date())} />
          </Field>
          <Button type="submit" loading={previewFor.isPending} disabled={disabled || !since}>
            Recover failed deliveries…
          </Button>
        </form>
        {disabled && <p className="mt-2 text-sm text-slate-600">Enable the endpoint first.</p>}
      </CardBody>
      <ConfirmDialog
        open={preview !== null}
        onClose={() => setPreview(null)}
        title={preview ? `Re-send ${plural(preview.count)}?` : ""}
        description={preview ? `Every delivery to this endpoint that has failed since ${new Date(preview.since).toLocaleString("en")} gets one new attempt now. Receivers see each webhook again, with its original webhook-id, so they can drop what they already processed.` : undefined}
        confirmLabel={preview ? `Re-send ${plural(preview.count)}` : "Re-send"}
        tone="primary"
        onConfirm={() => (preview ? start(preview) : undefined)}
      />
    </Card>
  );
}
