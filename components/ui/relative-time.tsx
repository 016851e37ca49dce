"use client";
import { useEffect, useState } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const exact = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

export function formatRelative(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  for (const [unit, size] of units) {
    // 2 % slack: a grace period that ends in 59:58 reads "in 1 hour", not "in 60 minutes".
    if (Math.abs(seconds) >= size * 0.98) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, "second");
}

export function formatExact(date: Date): string {
  return exact.format(date);
}

/** "3 minutes ago", with the exact time in the tooltip; refreshes itself. */
export function RelativeTime({ value, fallback = "—" }: { value: string | Date | null | undefined; fallback?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} title={formatExact(date)} suppressHydrationWarning className="whitespace-nowrap">
      {formatRelative(date, now)}
    </time>
  );
}
