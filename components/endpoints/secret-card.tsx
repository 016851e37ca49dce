"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/lib/query/fetcher";
import { endpointMutations } from "@/lib/query/mutations";
import { endpointQueries } from "@/lib/query/queries";
import { useTenant } from "../layout/viewer";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { Dialog } from "../ui/dialog";
import { Field, Select } from "../ui/field";
import { RelativeTime } from "../ui/relative-time";
import { useToast } from "../ui/toast";

const GRACE_CHOICES = [
  { seconds: 0, label: "Immediately — the old secret stops signing now" },
  { seconds: 3600, label: "After 1 hour" },
  { seconds: 86400, label: "After 24 hours (recommended)" },
  { seconds: 7 * 86400, label: "After 7 days" },
];

export function SecretCard({ endpointId }: { endpointId: string }) {
  const tenant = useTenant();
  const toast = useToast();
  const [revealed, setRevealed] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [grace, setGrace] = useState(86400);
  const secret = useQuery({ ...endpointQueries.secret(tenant.id, endpointId), enabled: revealed });
  const rotate = useMutation(endpointMutations.rotateSecret(tenant.id, endpointId));
  const rotateSecret = () =>
    rotate.mutate(
      { graceSeconds: grace },
      {
        onSuccess: () => {
          setRevealed(true);
          setRotating(false);
          toast({
            tone: "success",
            title: "Secret rotated",
            description: grace ? "Requests carry both signatures until the old secret expires." : "The old secret no longer signs.",
          });
        },
        onError: (err) => toast({ tone: "error", title: "Could not rotate the secret", description: errorMessage(err) }),
      },
    );

  return (
    <Card>
      <CardHeader
        title="Signing secret"
        description="Receivers verify each request's webhook-signature with this secret."
        actions={
          tenant.canWrite && (
            <Button size="sm" onClick={() => setRotating(true)}>
              Rotate…
            </Button>
          )
        }
      />
      <CardBody>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <code data-testid="signing-secret" className="min-w-0 flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all text-slate-800">
            {revealed && secret.data ? secret.data.secret : "whsec_••••••••••••••••••••••••"}
          </code>
          {tenant.canWrite && (
            <div className="flex gap-2">
              <Button size="sm" onClick={() => setRevealed((r) => !r)} loading={revealed && secret.isFetching && !secret.data}>
                {revealed ? "Hide" : "Reveal"}
              </Button>
              {revealed && secret.data && <CopyButton value={secret.data.secret} label="Copy secret" />}
            </div>
          )}
        </div>
        {revealed && secret.data?.previousSecretExpiresAt && (
          <p data-testid="previous-secret-expiry" className="mt-2 text-sm text-slate-600">
            The previous secret still signs too (a second signature), so receivers can switch at their pace; it stops{" "}
            <RelativeTime value={secret.data.previousSecretExpiresAt} />.
          </p>
        )}
        {!tenant.canWrite && <p className="mt-2 text-sm text-slate-600">Viewers cannot reveal the secret; ask an owner or member of this tenant.</p>}
        {secret.isError && <p className="mt-2 text-sm text-rose-700">Could not load the secret: {secret.error.message}</p>}
      </CardBody>
      <Dialog
        open={rotating}
        onClose={() => !rotate.isPending && setRotating(false)}
        title="Rotate the signing secret"
        description="A new secret starts signing right away. Keep the old one valid for a while so receivers can switch without dropping requests."
        footer={
          <>
            <Button onClick={() => setRotating(false)} disabled={rotate.isPending}>
              Cancel
            </Button>
            <Button variant="primary" loading={rotate.isPending} onClick={rotateSecret}>
              Rotate secret
            </Button>
          </>
        }
      >
        <Field label="Old secret stops signing">
          <Select value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            {GRACE_CHOICES.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
      </Dialog>
    </Card>
  );
}
