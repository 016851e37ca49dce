import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { dashboardUser, enabledProviders } from "@/lib/auth/next-auth";
import { db } from "@/lib/db/client";
import { userCount } from "@/lib/users/users";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const OAUTH_ERRORS: Record<string, string> = {
  NotInvited: "That account has no invitation to Hookyard. Ask an operator admin to invite your email.",
  OAuthAccountNotLinked: "An account with that email already exists: sign in with your password.",
  AccessDenied: "Sign-in was refused.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await dashboardUser()) redirect("/");
  if ((await userCount(db())) === 0) redirect("/sign-up");
  const params = await searchParams;
  const error = typeof params.error === "string" ? (OAUTH_ERRORS[params.error] ?? "Sign-in failed. Try again.") : null;
  const callbackUrl = typeof params.callbackUrl === "string" && params.callbackUrl.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  return <SignInForm providers={enabledProviders()} initialError={error} callbackUrl={callbackUrl} />;
}
