"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { signInSchema } from "@/lib/api/schemas/auth";
import { apiPost } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
import { Button } from "../ui/button";
import { Field, FormError, Input } from "../ui/field";

export function SignInForm({ providers, initialError, callbackUrl }: { providers: { github: boolean; email: boolean }; initialError: string | null; callbackUrl: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(initialError);
  const mutation = useMutation({
    mutationFn: (input: { email: string; password: string }) => apiPost<{ ok: true }>("/api/auth/password", input),
    onSuccess: () => window.location.assign(callbackUrl),
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });
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
        <Button type="submit" variant="primary" className="w-full" loading={mutation.isPending || mutation.isSuccess}>
          Sign in
        </Button>
      </form>
      {providers.github && (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button className="w-full" onClick={() => signIn("github", { callbackUrl })}>
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
