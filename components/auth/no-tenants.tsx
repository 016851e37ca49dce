import { SignOutButton } from "./sign-out-button";

export function NoTenants({ email }: { email: string | null }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <h1 className="text-xl font-semibold text-slate-900">No tenant yet</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        You are signed in as <strong>{email}</strong> but do not belong to any tenant. Ask an operator admin or a tenant owner to add you.
      </p>
      <SignOutButton className="mt-6" />
    </main>
  );
}
