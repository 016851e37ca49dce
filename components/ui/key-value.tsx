import type { ReactNode } from "react";
import { HIDDEN_HEADER_VALUE } from "@/lib/schemas/endpoints";

/** A definition list of labelled values (summary panels). */
export function KeyValue({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{item.label}</dt>
          <dd className="mt-0.5 text-sm break-words text-slate-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HeadersTable({ headers, label }: { headers: Record<string, string> | null | undefined; label: string }) {
  // Sorted by name: stored as jsonb, headers lose their wire order anyway (jsonb orders keys by length).
  const entries = Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-slate-500">No headers</p>;
  return (
    <div className="overflow-x-auto rounded-md ring-1 ring-slate-200">
      <table className="min-w-full text-xs" aria-label={label}>
        <tbody className="divide-y divide-slate-100">
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row" className="w-1/3 bg-slate-50 px-3 py-1.5 text-left align-top font-mono font-medium whitespace-nowrap text-slate-700">
                {name}
              </th>
              {value === HIDDEN_HEADER_VALUE ? (
                <td className="px-3 py-1.5 text-slate-500 italic" title="Custom header values are shown to the tenant's members and owners only">
                  hidden from viewers
                </td>
              ) : (
                <td className="px-3 py-1.5 font-mono break-all text-slate-800">{value}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
