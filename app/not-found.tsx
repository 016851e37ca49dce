import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClass("primary", "md", "mt-6")}>
        Back to the dashboard
      </Link>
    </main>
  );
}
