// A small in-process cache for hot, rarely-changing lookups on the request path (tenants, event
// types): every publish needs both, and each is a database round trip. API keys are deliberately
// not cached (lib/auth/api-keys.ts): a revocation must hold everywhere at once.
//
// Consistency: whoever changes a cached row in this process calls `clear()` (see the callers), so
// a change made here takes effect here at once. Other processes on the same database (a second
// server, the CLI) cannot reach this memory: for them an entry stays at most `ttlMs` old — a
// deleted tenant or an archived event type stops working everywhere within that time. Keep the TTL short (seconds) for that reason.
export interface TtlCache<V> {
  /** The cached value for `key`, or what `load` gives (stored for `ttlMs`). Concurrent misses
   * for one key share one load. */
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets everything, including loads still in flight (they won't be stored). */
  clear(): void;
}

export function ttlCache<V>(ttlMs: number, maxEntries = 10_000): TtlCache<V> {
  const entries = new Map<string, { value: Promise<V>; expiresAt: number }>();
  let generation = 0;
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now) return hit.value;
      if (hit) entries.delete(key);
      const loadedIn = generation;
      const value = load();
      // Full: start over rather than track recency (entries are cheap to reload).
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, expiresAt: now + ttlMs });
      value.catch(() => {
        // A failed load is not remembered.
        if (generation === loadedIn && entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}

/** How long a lookup cached by one process may lag a change made by another. */
export const LOOKUP_CACHE_TTL_MS = 5_000;
