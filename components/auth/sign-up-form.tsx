"use client";
import Link from "next/link";
import { signUpSchema } from "@/lib/schemas/auth";
import { authMutations } from "@/lib/query/mutations";
import { useApiForm } from "@/lib/query/use-api-form";
import { Button } from "../ui/button";
import { Field, FormError, Input } from "../ui/field";

type Mode =
  | { kind: "first" }
  | { kind: "invited"; token: string; email: string; tenantName: string | null; role: string | null; admin: boolean };

export function SignUpForm({ mode }: { mode: Mode }) {
  const form = useApiForm({
    initial: { name: "", email: mode.kind === "invited" ? mode.email : "", password: "" },
    schema: signUpSchema,
    toBody: ({ name, email, password }) => ({ email, password, name: name.trim() || undefined, invitation: mode.kind === "invited" ? mode.token : undefined }),
    mutation: authMutations.signUp(),
    onSuccess: () => window.location.assign("/"),
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
      <form className="mt-6 space-y-4" noValidate onSubmit={form.submit}>
        <Field label="Name" optional error={form.errors.name}>
          <Input autoComplete="name" {...form.input("name")} />
        </Field>
        <Field label="Email" error={form.errors.email} hint={mode.kind === "invited" ? "The address the invitation was sent to." : undefined}>
          <Input type="email" autoComplete="email" {...form.input("email")} readOnly={mode.kind === "invited"} required />
        </Field>
        <Field label="Password" error={form.errors.password} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" {...form.input("password")} required />
        </Field>
        <FormError error={form.formError} />
        <Button type="submit" variant="primary" className="w-full" loading={form.pending || form.succeeded}>
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
