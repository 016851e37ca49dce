"use client";
// /portal#<token>: where a portal link leads. The token is in the fragment (never sent to a server,
// never in a log or a Referer); this page posts it to /api/auth/portal, which sets the session
// cookie, then loads the tenant's dashboard in place of this page (the token leaves the history).
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApiClientError } from "@/lib/query/fetcher";
import { portalMutations } from "@/lib/query/mutations";
import { Spinner } from "../ui/spinner";

function refusal(error: unknown): string {
  if (error instanceof ApiClientError && error.status === 404) return "This link is not valid. Reload the page you came from for a new one.";
  if (error instanceof ApiClientError && error.status === 410) return error.message;
  return error instanceof Error ? error.message : "Could not open this link";
}

export function PortalEntry() {
  const redeem = useMutation(portalMutations.redeem());
  const started = useRef(false);
  const [noToken, setNoToken] = useState(false);
  const { mutate } = redeem;
  useEffect(() => {
    // Once per page, also under React's development double effects: a link opens only once.
    if (started.current) return;
    started.current = true;
    const token = window.location.hash.slice(1);
    if (token) mutate({ token }, { onSuccess: ({ redirectTo }) => window.location.replace(redirectTo) });
    else setNoToken(true);
  }, [mutate]);

  return (
    <main className="flex min-h-screen items-center justify-center px-6 text-center">
      {redeem.isError ? (
        <div role="alert" className="max-w-sm">
          <h1 className="text-base font-semibold text-slate-900">This link cannot be opened</h1>
          <p className="mt-2 text-sm text-slate-600">{refusal(redeem.error)}</p>
        </div>
      ) : noToken ? (
        <div role="alert" className="max-w-sm">
          <h1 className="text-base font-semibold text-slate-900">No portal link</h1>
          <p className="mt-2 text-sm text-slate-600">This page opens a webhooks portal link. Open the page that shows the portal instead.</p>
        </div>
      ) : (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-600">
          <Spinner />
          Opening…
        </p>
      )}
    </main>
  );
}
