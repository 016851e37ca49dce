"use client";
import { useMutation } from "@tanstack/react-query";
import { apiPost, errorMessage } from "@/lib/query/fetcher";
import { Button } from "../ui/button";
import { FormError } from "../ui/field";
import { SignOutButton } from "./sign-out-button";

interface Props {
  token: string;
  /** The invitation's address, and the signed-in user's. */
  invitedEmail: string;
  signedInAs: string | null;
  tenantName: string | null;
  role: string | null;
  admin: boolean;
}

/** An invitation link opened by someone who is signed in: they join only when they accept. */
export function AcceptInvitation({ token, invitedEmail, signedInAs, tenantName, role, admin }: Props) {
  const accept = useMutation({
    mutationFn: () => apiPost<{ tenantId: string | null }>("/api/auth/invitation", { token }),
    onSuccess: ({ tenantId }) => window.location.assign(tenantId ? `/t/${encodeURIComponent(tenantId)}/endpoints` : "/"),
  });
  const what = admin ? "as an operator admin" : `to ${tenantName} as ${role === "owner" ? "an" : "a"} ${role}`;
  if (signedInAs?.toLowerCase() !== invitedEmail) {
    return (
      <div>
        <h1 className="text-xl font-semibold text-slate-900">This invitation is for someone else</h1>
        <p className="mt-2 text-sm text-slate-600">
          It was sent to <strong className="break-all">{invitedEmail}</strong>; you are signed in as <strong className="break-all">{signedInAs}</strong>. Sign out, then open the link again
          and sign in with the invited address.
        </p>
        <SignOutButton className="mt-6 w-full" />
      </div>
    );
  }
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Accept the invitation</h1>
      <p className="mt-2 text-sm text-slate-600">
        You were invited {admin ? "to Hookyard " : ""}
        <strong>{what}</strong>.
      </p>
      <FormError error={accept.isError ? errorMessage(accept.error) : null} />
      <Button variant="primary" className="mt-6 w-full" loading={accept.isPending || accept.isSuccess} onClick={() => accept.mutate()}>
        Accept invitation
      </Button>
    </div>
  );
}
