"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { EndpointJson } from "@/lib/api/schemas/endpoints";
import type { InboxJson } from "@/lib/api/schemas/inboxes";
import { apiPost, errorMessage } from "@/lib/query/fetcher";
import { endpointQueries, inboxQueries } from "@/lib/query/queries";
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
  const queryClient = useQueryClient();
  const toast = useToast();
  const mutation = useMutation({
    mutationFn: async () => {
      const base = `/api/v1/tenants/${encodeURIComponent(tenant.id)}`;
      const inbox = await apiPost<InboxJson>(`${base}/inboxes`, { name: "Test inbox" });
      const endpoint = await apiPost<EndpointJson>(`${base}/endpoints`, { url: inbox.url, description: `Delivers to the test inbox "${inbox.name}"` });
      return { inbox, endpoint };
    },
    onSuccess: ({ endpoint }) => {
      void queryClient.invalidateQueries({ queryKey: endpointQueries.all(tenant.id) });
      void queryClient.invalidateQueries({ queryKey: inboxQueries.all(tenant.id) });
      toast({ tone: "success", title: "Test inbox ready", description: "An endpoint now delivers to it. Send it a test event." });
      router.push(tenantPath(tenant, `/endpoints/${endpoint.id}`));
    },
    onError: (err) => toast({ tone: "error", title: "Could not create the test inbox", description: errorMessage(err) }),
  });
  if (!tenant.canWrite) return null;
  return (
    <Button variant={variant} loading={mutation.isPending} onClick={() => mutation.mutate()}>
      Create test inbox
    </Button>
  );
}
