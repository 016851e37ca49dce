import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { MAGIC_LINK_MAX_AGE_SECONDS } from "@/lib/auth/magic-link";
import { dashboardUser, enabledProviders } from "@/lib/auth/next-auth";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { db } from "@/lib/db/client";
import { userCount } from "@/lib/users/users";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await dashboardUser()) redirect("/");
  if ((await userCount(db())) === 0) redirect("/sign-up");
  const params = await searchParams;
  const error = typeof params.error === "string" ? signInErrorMessage(params.error) : null;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const providers = enabledProviders();
  return (
    <SignInForm
      providers={providers}
      initialError={error}
      callbackUrl={callbackUrl}
      initialLinkSent={providers.email && params.check === "email"}
      linkMaxAgeMinutes={MAGIC_LINK_MAX_AGE_SECONDS / 60}
    />
  );
}
