"use client";
import { useQuery } from "@tanstack/react-query";
import { eventTypeQueries } from "@/lib/query/queries";

/**
 * The version the endpoint receives of each event type it gets that has more than one version:
 * "Latest" (no pin: it follows the latest line) or a version. Types with one version have nothing
 * to choose and are not listed.
 */
export function VersionPins({ eventTypes, value, onChange, error }: { eventTypes: string[]; value: Record<string, number>; onChange: (next: Record<string, number>) => void; error?: string }) {
  const catalog = useQuery(eventTypeQueries.list());
  const received = (catalog.data ?? []).filter((t) => t.latestVersion > 1 && (eventTypes.length === 0 || eventTypes.includes(t.name)));
  // A pin of a type no longer received (unsubscribed in this form) is dropped on save.
  if (received.length === 0) return null;
  const pick = (name: string, version: string) => {
    const next = { ...value };
    if (version === "") delete next[name];
    else next[name] = Number(version);
    onChange(next);
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Event type versions</legend>
      <p className="mt-1 text-xs text-slate-500">
        Which payload version this endpoint receives. “Latest” follows new versions; a pinned version keeps receiving its line until you move it (the catalog marks breaking versions).
      </p>
      <ul className="mt-2 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
        {received.map((t) => (
          <li key={t.name} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
            <label htmlFor={`pin-${t.name}`} className="font-mono text-sm text-slate-900">
              {t.name}
            </label>
            <select
              id={`pin-${t.name}`}
              value={value[t.name]?.toString() ?? ""}
              onChange={(e) => pick(t.name, e.target.value)}
              className="h-9 rounded-md border-0 bg-white px-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-500 focus:outline-none"
            >
              <option value="">Latest (v{t.latestVersion})</option>
              {Array.from({ length: t.latestVersion }, (_, i) => t.latestVersion - i).map((v) => (
                <option key={v} value={v}>
                  Version {v}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      {error && <p className="mt-1 text-sm text-rose-700">{error}</p>}
    </fieldset>
  );
}

/** Only the pins of types the endpoint still receives (a type unticked in the form loses its pin). */
export function keptPins(pins: Record<string, number>, eventTypes: string[]): Record<string, number> {
  if (eventTypes.length === 0) return pins;
  return Object.fromEntries(Object.entries(pins).filter(([name]) => eventTypes.includes(name)));
}
