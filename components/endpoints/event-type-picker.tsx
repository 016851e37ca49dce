"use client";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { eventTypeQueries } from "@/lib/query/queries";
import { Input } from "../ui/field";
import { Spinner } from "../ui/spinner";

export type PickMode = "all" | "some";

/** The one problem the picker cannot show by itself: "only the types I choose" with none chosen
 * would save an endpoint that receives every type. */
export const NONE_CHOSEN = "Tick at least one event type, or choose “All event types”.";

/**
 * Pick event types from the catalog, with descriptions and search. "All" sends no selection (every
 * type); the form owns `mode`, so it can refuse "some" with nothing ticked (NONE_CHOSEN).
 */
export function EventTypePicker({
  value,
  onChange,
  mode,
  onModeChange,
  error,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  mode: PickMode;
  onModeChange: (mode: PickMode) => void;
  error?: string;
}) {
  const catalog = useQuery(eventTypeQueries.list());
  const [search, setSearch] = useState("");
  const id = useId();
  const selected = new Set(value);
  const term = search.trim().toLowerCase();
  const types = (catalog.data ?? []).filter((t) => !term || t.name.toLowerCase().includes(term) || t.description.toLowerCase().includes(term));
  // Subscribed names no longer in the catalog (archived) stay visible so they can be removed.
  const missing = value.filter((name) => catalog.data && !catalog.data.some((t) => t.name === name));

  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">Event types</legend>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name={`${id}-mode`} className="size-4 accent-indigo-600" checked={mode === "all"} onChange={() => { onModeChange("all"); onChange([]); }} />
          All event types, including future ones
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name={`${id}-mode`} className="size-4 accent-indigo-600" checked={mode === "some"} onChange={() => onModeChange("some")} />
          Only the types I choose
        </label>
      </div>
      {mode === "some" && (
        <div className="mt-3 rounded-md ring-1 ring-slate-200">
          <div className="flex items-center gap-3 border-b border-slate-200 p-2">
            <Input type="search" placeholder="Search event types" aria-label="Search event types" value={search} onChange={(e) => setSearch(e.target.value)} className="h-9" />
            <span className="shrink-0 text-xs text-slate-500" aria-live="polite">
              {value.length} selected
            </span>
          </div>
          <div className="max-h-72 overflow-y-auto p-1">
            {catalog.isPending ? (
              <p className="flex items-center gap-2 p-3 text-sm text-slate-500">
                <Spinner /> Loading the catalog…
              </p>
            ) : catalog.isError ? (
              <p className="p-3 text-sm text-rose-700">Could not load event types: {catalog.error.message}</p>
            ) : catalog.data.length === 0 ? (
              <p className="p-3 text-sm text-slate-500">The catalog has no event types yet; this endpoint will receive every type.</p>
            ) : types.length === 0 ? (
              <p className="p-3 text-sm text-slate-500">No event type matches “{search}”.</p>
            ) : (
              <ul>
                {types.map((t) => (
                  <li key={t.id}>
                    <label className="flex cursor-pointer items-start gap-3 rounded px-2 py-2 hover:bg-slate-50">
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                        checked={selected.has(t.name)}
                        onChange={(e) => onChange(e.target.checked ? [...value, t.name] : value.filter((n) => n !== t.name))}
                      />
                      <span className="min-w-0">
                        <span className="block font-mono text-sm text-slate-900">{t.name}</span>
                        {t.description && <span className="block text-xs text-slate-500">{t.description}</span>}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {missing.map((name) => (
              <label key={name} className="flex items-start gap-3 rounded px-2 py-2 hover:bg-slate-50">
                <input type="checkbox" className="mt-0.5 size-4 accent-indigo-600" checked onChange={() => onChange(value.filter((n) => n !== name))} />
                <span className="font-mono text-sm text-slate-500">{name} (archived)</span>
              </label>
            ))}
          </div>
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-rose-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
