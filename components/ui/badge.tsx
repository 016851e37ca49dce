import type { ReactNode } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "green" | "red" | "amber" | "blue" | "violet";

const tones: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/25",
  red: "bg-rose-50 text-rose-800 ring-rose-600/25",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/25",
  violet: "bg-violet-50 text-violet-800 ring-violet-600/25",
};

const dots: Record<Tone, string> = {
  neutral: "bg-slate-400",
  green: "bg-emerald-500",
  red: "bg-rose-500",
  amber: "bg-amber-500",
  blue: "bg-sky-500",
  violet: "bg-violet-500",
};

export function Badge({ tone = "neutral", dot, children, className, title }: { tone?: Tone; dot?: boolean; children: ReactNode; className?: string; title?: string }) {
  return (
    <span
      title={title}
      className={cn("inline-flex items-center gap-1.5 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", tones[tone], className)}
    >
      {dot && <span className={cn("size-1.5 rounded-full", dots[tone])} aria-hidden />}
      {children}
    </span>
  );
}
