// What a portal page shows once its session has ended (expired, or ended by the operator): inside
// the operator's iframe, a sign-in page would be no use to anyone.
import type { EndedPortalSession } from "@/lib/portal/sessions";
import { accentStylesheet } from "@/lib/portal/theme";

export function PortalEnded({ ended }: { ended: EndedPortalSession }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      {ended.theme.accentColor && <style>{accentStylesheet(ended.theme.accentColor)}</style>}
      <h1 className="text-lg font-semibold text-slate-900">This session has ended</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        For your security, webhook settings open for a limited time. Open them again from the page you came from.
      </p>
      {ended.returnUrl && (
        <a
          href={ended.returnUrl}
          target="_top"
          className="mt-6 inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
        >
          Back to {new URL(ended.returnUrl).host}
        </a>
      )}
    </main>
  );
}
