"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { errorMessage } from "@/lib/query/fetcher";
import { inboxMutations } from "@/lib/query/mutations";
import { Button } from "../ui/button";
import { useToast } from "../ui/toast";
import { tenantPath, useTenant } from "../layout/viewer";

/**
 * The first-run shortcut: a test inbox plus an endpoint delivering to it, in one click. The user
 * lands on the endpoint, sends a test event, and watches it arrive in the inbox.
 */
export function CreateTestInboxButton({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const tenant = useTenant();
  const router = useRouter();
  const toast = useToast();
  const mutation = useMutation(inboxMutations.createWithEndpoint(tenant.id));
  const create = () =>
    mutation.mutate(undefined, {
      onSuccess: ({ endpoint }) => {
        toast({ tone: "success", title: "Test inbox ready", description: "An endpoint now delivers to it. Send it a test event." });
        router.push(tenantPath(tenant, `/endpoints/${endpoint.id}`));
      },
      onError: (err) => toast({ tone: "error", title: "Could not create the test inbox", description: errorMessage(err) }),
    });
  if (!tenant.canWrite || !tenant.features.testInboxes) return null;
  return (
    <Button variant={variant} loading={mutation.isPending} onClick={create}>
      Create test inbox
    </Button>
  );
}
