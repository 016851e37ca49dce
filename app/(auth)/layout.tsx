import { Providers } from "@/components/providers";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <Providers>
      <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold text-slate-900">
          <svg viewBox="0 0 24 24" className="size-7 text-indigo-600" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
            <path d="M7 4v7a5 5 0 0 0 10 0V4" />
            <path d="M17 4h-3M7 4h3" />
            <circle cx="12" cy="19" r="2" />
          </svg>
          Hookyard
        </div>
        <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </main>
    </Providers>
  );
}
