import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { dashboardUser } from "@/lib/auth/next-auth";
import { db } from "@/lib/db/client";
import { findValidInvitation } from "@/lib/invitations/invitations";
import { userCount } from "@/lib/users/users";

export const metadata: Metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.invitation === "string" ? params.invitation : null;
  const user = await dashboardUser();
  if (user && !token) redirect("/");
  const first = !user && (await userCount(db())) === 0;
  if (first) return <SignUpForm mode={{ kind: "first" }} />;
  const invitation = token ? await findValidInvitation(db(), token) : null;
  if (user && invitation) {
    return (
      <AcceptInvitation
        token={token!}
        invitedEmail={invitation.email}
        signedInAs={user.email}
        tenantName={invitation.tenant?.name ?? null}
        role={invitation.role}
        admin={invitation.admin}
      />
    );
  }
  if (!invitation) {
    return (
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign-up is by invitation</h1>
        <p className="mt-2 text-sm text-slate-600">
          {token
            ? "This invitation link is invalid, already used or expired. Ask for a new one."
            : "Ask an operator admin or a tenant owner to invite your email address, then open the link they send you."}
        </p>
        <p className="mt-6 text-sm">
          Already have an account?{" "}
          <Link href={user ? "/" : "/sign-in"} className="font-medium text-indigo-700 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <SignUpForm
      mode={{
        kind: "invited",
        token: token!,
        email: invitation.email,
        tenantName: invitation.tenant?.name ?? null,
        role: invitation.role,
        admin: invitation.admin,
      }}
    />
  );
}
