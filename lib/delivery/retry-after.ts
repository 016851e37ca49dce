// A receiver's `Retry-After` on a 429 or 503 (RFC 9110 §10.2.3): seconds, or an HTTP date.
// Honoured as a lower bound on the wait before the next attempt (next-state.ts caps it).

/** The statuses whose Retry-After we honour: "slow down" and "come back later". */
const HONOURED_STATUSES = new Set([429, 503]);

/** Milliseconds the receiver asked us to wait, or null (no header, not a 429/503, unparseable,
 * or a date in the past). */
export function retryAfterMs(status: number | null, headers: Record<string, string> | null, now = Date.now()): number | null {
  if (status === null || !HONOURED_STATUSES.has(status) || !headers) return null;
  const value = headers["retry-after"]?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null; // not a date either
  return at > now ? at - now : null;
}
