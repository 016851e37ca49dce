"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { signUpSchema } from "@/lib/api/schemas/auth";
import { apiPost } from "@/lib/query/fetcher";
import { errorsFromApi, validate, type FieldErrors } from "@/lib/query/forms";
import { Button } from "../ui/button";
import { Field, FormError, Input } from "../ui/field";

type Mode =
  | { kind: "first" }
  | { kind: "invited"; token: string; email: string; tenantName: string | null; role: string | null; admin: boolean };

export function SignUpForm({ mode }: { mode: Mode }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState(mode.kind === "invited" ? mode.email : "");
  const [password, setPassword] = useState("");
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (input: unknown) => apiPost<{ id: string; isAdmin: boolean }>("/api/auth/sign-up", input),
    onSuccess: () => window.location.assign("/"),
    onError: (err) => {
      const { fields, form } = errorsFromApi(err);
      setFields(fields);
      setFormError(form);
    },
  });
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">{mode.kind === "first" ? "Set up Hookyard" : "Create your account"}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {mode.kind === "first" ? (
          "This is a new instance: the first account becomes the operator admin."
        ) : mode.admin ? (
          "You were invited as an operator admin."
        ) : (
          <>
            You were invited to <strong>{mode.tenantName}</strong> as {mode.role === "owner" ? "an" : "a"} {mode.role}.
          </>
        )}
      </p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const input = { email, password, name: name.trim() || undefined, invitation: mode.kind === "invited" ? mode.token : undefined };
          const checked = validate(signUpSchema, input);
          setFields(checked.errors ?? {});
          setFormError(null);
          if (checked.data) mutation.mutate(checked.data);
        }}
      >
        <Field label="Name" optional error={fields.name}>
          <Input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Email" error={fields.email} hint={mode.kind === "invited" ? "The address the invitation was sent to." : undefined}>
          <Input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} readOnly={mode.kind === "invited"} required />
        </Field>
        <Field label="Password" error={fields.password} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <FormError error={formError} />
        <Button type="submit" variant="primary" className="w-full" loading={mutation.isPending || mutation.isSuccess}>
          Create account
        </Button>
      </form>
      {mode.kind === "invited" && (
        <p className="mt-6 text-center text-sm text-slate-600">
          Already have an account?{" "}
          <Link href={`/sign-in?${new URLSearchParams({ callbackUrl: `/sign-up?${new URLSearchParams({ invitation: mode.token })}` })}`} className="font-medium text-indigo-700 hover:underline">
            Sign in to accept
          </Link>
        </p>
      )}
    </div>
  );
}
