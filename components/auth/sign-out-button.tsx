"use client";
import { signOut } from "next-auth/react";
import { Button } from "../ui/button";

export function SignOutButton({ className }: { className?: string }) {
  return (
    <Button
      className={className}
      onClick={async () => {
        await signOut({ redirect: false });
        window.location.href = "/sign-in";
      }}
    >
      Sign out
    </Button>
  );
}
