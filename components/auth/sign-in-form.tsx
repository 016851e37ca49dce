"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { signInSchema } from "@/lib/api/schemas/auth";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { apiPost } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
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
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(initialError);
  const [linkSentTo, setLinkSentTo] = useState<string | null>(initialLinkSent ? "" : null);
  const link = useMutation({
    mutationFn: async (address: string) => {
      const result = await signIn("email", { email: address, callbackUrl, redirect: false });
      if (result?.error) throw new Error(SIGN_IN_ERRORS[result.error] ?? "Could not send a sign-in link. Try again.");
      // Success (and, on purpose, a refusal) is next-auth's verify-request URL; anything else is not.
      if (!result?.ok || !result.url?.includes("/verify-request")) throw new Error("Could not send a sign-in link. Reload the page and try again.");
      return address;
    },
    onSuccess: (address) => setLinkSentTo(address),
    onError: (err) => setFormError(err instanceof Error ? err.message : "Could not send a sign-in link. Try again."),
  });
  const mutation = useMutation({
    mutationFn: (input: { email: string; password: string }) => apiPost<{ ok: true }>("/api/auth/password", input),
    onSuccess: () => window.location.assign(callbackUrl),
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });
  if (linkSentTo !== null) {
    return (
      <LinkSent
        email={linkSentTo}
        maxAgeMinutes={linkMaxAgeMinutes}
        onBack={() => {
          setLinkSentTo(null);
          setFormError(null);
          link.reset();
        }}
      />
    );
  }
  const busy = mutation.isPending || mutation.isSuccess || link.isPending;
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">to your Hookyard dashboard</p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = validate(signInSchema, { email, password });
          setFields(checked.errors ?? {});
          setFormError(null);
          if (checked.data) mutation.mutate(checked.data);
        }}
      >
        <Field label="Email" error={fields.email}>
          <Input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </Field>
        <Field label="Password" error={fields.password}>
          <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <FormError error={formError} />
        <Button type="submit" variant="primary" className="w-full" loading={mutation.isPending || mutation.isSuccess} disabled={busy}>
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
            onClick={() => {
              const checked = validate(linkSchema, { email });
              setFields(checked.errors ?? {});
              setFormError(null);
              if (checked.data) link.mutate(checked.data.email.trim().toLowerCase());
            }}
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
