"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { signInSchema } from "@/lib/schemas/auth";
import { errorMessage } from "@/lib/query/fetcher";
import { authMutations } from "@/lib/query/mutations";
import { useApiForm } from "@/lib/query/use-api-form";
import { Button } from "../ui/button";
import { Field, FormError, Input } from "../ui/field";

const linkSchema = signInSchema.pick({ email: true });

interface SignInFormProps {
  providers: { github: boolean; email: boolean };
  initialError: string | null;
  callbackUrl: string;
  /** Show "check your inbox" straight away (next-auth's verify-request page sends people here). */
  initialLinkSent?: boolean;
  /** How long a sign-in link works, for the "check your inbox" text. */
  linkMaxAgeMinutes?: number;
}

export function SignInForm({ providers, initialError, callbackUrl, initialLinkSent = false, linkMaxAgeMinutes = 60 }: SignInFormProps) {
  const [linkSentTo, setLinkSentTo] = useState<string | null>(initialLinkSent ? "" : null);
  const link = useMutation(authMutations.emailLink(callbackUrl));
  const form = useApiForm({
    initial: { email: "", password: "" },
    schema: signInSchema,
    mutation: authMutations.passwordSignIn(),
    onSuccess: () => window.location.assign(callbackUrl),
    initialFormError: initialError,
  });
  const sendLink = () => {
    const checked = form.check(linkSchema, { email: form.values.email });
    if (!checked.ok) return;
    link.mutate(checked.data.email.trim().toLowerCase(), {
      onSuccess: (address) => setLinkSentTo(address),
      onError: (err) => form.setFormError(errorMessage(err)),
    });
  };
  if (linkSentTo !== null) {
    return (
      <LinkSent
        email={linkSentTo}
        maxAgeMinutes={linkMaxAgeMinutes}
        onBack={() => {
          setLinkSentTo(null);
          form.setFormError(null);
          link.reset();
        }}
      />
    );
  }
  const busy = form.pending || form.succeeded || link.isPending;
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">to your Hookyard dashboard</p>
      <form className="mt-6 space-y-4" noValidate onSubmit={form.submit}>
        <Field label="Email" error={form.errors.email}>
          <Input type="email" autoComplete="email" {...form.input("email")} required autoFocus />
        </Field>
        <Field label="Password" error={form.errors.password}>
          <Input type="password" autoComplete="current-password" {...form.input("password")} required />
        </Field>
        <FormError error={form.formError} />
        <Button type="submit" variant="primary" className="w-full" loading={form.pending || form.succeeded} disabled={busy}>
          Sign in
        </Button>
      </form>
      {providers.email && (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" /> or, without a password <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button
            className="w-full"
            loading={link.isPending}
            disabled={busy}
            aria-describedby="email-link-hint"
            onClick={sendLink}
          >
            Email me a sign-in link
          </Button>
          <p id="email-link-hint" className="mt-2 text-center text-xs text-slate-500">
            Sent to the email above; it signs you in with one click.
          </p>
        </>
      )}
      {providers.github && (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button className="w-full" disabled={busy} onClick={() => signIn("github", { callbackUrl })}>
            Continue with GitHub
          </Button>
        </>
      )}
      <p className="mt-6 text-center text-sm text-slate-600">
        New here? Accounts are by invitation.{" "}
        <Link href="/sign-up" className="font-medium text-indigo-700 hover:underline">
          Sign up
        </Link>
      </p>
    </div>
  );
}

function LinkSent({ email, maxAgeMinutes, onBack }: { email: string; maxAgeMinutes: number; onBack: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const validity = maxAgeMinutes % 60 === 0 ? `${maxAgeMinutes / 60} hour${maxAgeMinutes === 60 ? "" : "s"}` : `${maxAgeMinutes} minutes`;
  // Focus moves to the heading, so screen readers announce the new state.
  return (
    <div>
      <div className="mb-4 flex size-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
        <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <path d="m3 7 9 6 9-6" />
        </svg>
      </div>
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus:outline-none">
        Check your inbox
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        If {email ? <strong className="font-medium text-slate-900 break-all">{email}</strong> : "that address"} can sign in to Hookyard, a sign-in
        link is on its way. It works once and expires in {validity}.
      </p>
      <p className="mt-3 text-sm text-slate-600">
        Nothing after a few minutes? Check your spam folder, make sure the address is the one you were invited with, or ask an operator admin.
      </p>
      <Button className="mt-6 w-full" onClick={onBack}>
        Back to sign in
      </Button>
    </div>
  );
}
