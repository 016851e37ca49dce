// Durations in configuration: `500ms`, `5s`, `5m`, `2h`, `1d` — one syntax for every setting that
// takes a time (retry schedule, timeouts, grace periods).
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Milliseconds of `text`, or null when it is not a duration (or too large to add to a Date). */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as Unit]);
  // Keeps `now + delay` a valid Date; nobody means a delay of 285,000 years.
  return Number.isSafeInteger(ms) && ms <= 8.64e15 ? ms : null;
}
