"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/lib/query/fetcher";
import { inboxMutations } from "@/lib/query/mutations";
import { eventTypeQueries } from "@/lib/query/queries";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { FormError } from "../ui/field";
import { LoadingState } from "../ui/states";
import { useToast } from "../ui/toast";
import { tenantPath, useTenant } from "../layout/viewer";
import { EventTypePicker, NONE_CHOSEN, type PickMode } from "./event-type-picker";

/**
 * The first-run shortcut: a test inbox plus an endpoint delivering to it. The user picks what the
 * endpoint subscribes to first — by default one type (the catalog's first by name, the one the
 * test event form then offers), so the inbox shows what they are testing rather than all real traffic —
 * then lands on the endpoint, sends a test event, and watches it arrive in the inbox.
 */
export function CreateTestInboxButton({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const tenant = useTenant();
  const [open, setOpen] = useState(false);
  if (!tenant.canWrite || !tenant.features.testInboxes) return null;
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        Create test inbox
      </Button>
      {open && <CreateTestInboxDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function CreateTestInboxDialog({ onClose }: { onClose: () => void }) {
  const tenant = useTenant();
  const router = useRouter();
  const toast = useToast();
  const catalog = useQuery(eventTypeQueries.list());
  const mutation = useMutation(inboxMutations.createWithEndpoint(tenant.id));
  // Chosen once the catalog is in: undefined until the user (or the default) has picked.
  const [picked, setPicked] = useState<{ mode: PickMode; types: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = catalog.data?.map((t) => t.name).sort()[0];
  const choice = picked ?? (first ? { mode: "some" as const, types: [first] } : { mode: "all" as const, types: [] });

  const create = () => {
    if (choice.mode === "some" && choice.types.length === 0) return setError(NONE_CHOSEN);
    mutation.mutate(choice.mode === "all" ? [] : choice.types, {
      onSuccess: ({ endpointId }) => {
        toast({ tone: "success", title: "Test inbox ready", description: "An endpoint now delivers to it. Send it a test event." });
        router.push(tenantPath(tenant, `/endpoints/${endpointId}`));
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <Dialog
      open
      onClose={() => !mutation.isPending && onClose()}
      title="Create a test inbox"
      description="Hookyard makes a capture URL of its own and an endpoint that delivers to it, so you can watch signed webhooks arrive. Choose what it should receive."
      footer={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button variant="primary" loading={mutation.isPending || mutation.isSuccess} disabled={catalog.isPending} onClick={create}>
            Create test inbox
          </Button>
        </>
      }
    >
      {catalog.isPending ? (
        <LoadingState label="Loading event types…" />
      ) : (
        <div className="space-y-4">
          <EventTypePicker
            value={choice.types}
            onChange={(types) => {
              setPicked({ mode: choice.mode, types });
              setError(null);
            }}
            mode={choice.mode}
            onModeChange={(mode) => {
              setPicked({ mode, types: mode === "all" ? [] : choice.types });
              setError(null);
            }}
            error={error === NONE_CHOSEN ? error : undefined}
          />
          <FormError error={error === NONE_CHOSEN ? null : error} />
        </div>
      )}
    </Dialog>
  );
}
