import Link from "next/link";
import { buttonClass } from "../ui/button";

/** The 404 message: the page itself outside the dashboard, the content area inside it. */
export function NotFoundMessage() {
  return (
    <>
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClass("primary", "md", "mt-6")}>
        Back to the dashboard
      </Link>
    </>
  );
}
