"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field, Input } from "../ui/field";
import { useToast } from "../ui/toast";

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Re-queue every failed delivery of the endpoint created since a moment (after an outage). */
export function RecoverCard({ endpointId, disabled }: { endpointId: string; disabled: boolean }) {
  const tenant = useTenant();
  const toast = useToast();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const recover = useMutation(endpointMutations.recover(tenant.id, endpointId));
  const start = () =>
    recover.mutate(
      { since: new Date(since).toISOString() },
      {
        onSuccess: ({ requeued }) =>
          toast({ tone: "success", title: requeued ? `Requeued ${requeued} failed deliver${requeued === 1 ? "y" : "ies"}` : "Nothing to recover", description: requeued ? "They are being attempted again now." : "No failed deliveries since then." }),
        onError: (err) => toast({ tone: "error", title: "Recovery failed", description: errorMessage(err) }),
      },
    );
  if (!tenant.canWrite) return null;
  return (
    <Card>
      <CardHeader title="Recover failed deliveries" description="After an outage on your side: attempt every failed delivery since a moment again." />
      <CardBody>
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (since) start();
          }}
        >
          <Field label="Failed since" className="flex-1">
            <Input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required max={localInputValue(new Date())} />
          </Field>
          <Button type="submit" loading={recover.isPending} disabled={disabled || !since}>
            Recover failed deliveries
          </Button>
        </form>
        {disabled && <p className="mt-2 text-sm text-slate-600">Enable the endpoint first.</p>}
      </CardBody>
    </Card>
  );
}
