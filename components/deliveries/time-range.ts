// Time-range presets for list filters, kept in the URL as `range=24h` (or explicit after/before).
export const RANGES = [
  { value: "", label: "Any time" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Custom…" },
] as const;

const UNIT_MS: Record<string, number> = { h: 3600_000, d: 86400_000 };

/** The `after` instant of a preset, rounded down to the minute so the query key is stable for a while. */
export function rangeAfter(range: string, now = Date.now()): string | undefined {
  const m = /^(\d+)([hd])$/.exec(range);
  if (!m) return undefined;
  const minute = Math.floor(now / 60_000) * 60_000;
  return new Date(minute - Number(m[1]) * UNIT_MS[m[2]]).toISOString();
}

export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
