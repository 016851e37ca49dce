"use client";
import { Button } from "../ui/button";
import { Input } from "../ui/field";

export interface HeaderRow {
  key: number;
  name: string;
  value: string;
}

let rowKey = 1;
export const newHeaderRow = (name = "", value = ""): HeaderRow => ({ key: rowKey++, name, value });

export function rowsToHeaders(rows: HeaderRow[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const row of rows) if (row.name.trim()) headers[row.name.trim()] = row.value;
  return headers;
}

/** Custom request headers as editable name/value rows. */
export function HeadersEditor({ rows, onChange, error }: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; error?: string }) {
  const update = (key: number, patch: Partial<HeaderRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">
        Custom headers <span className="font-normal text-slate-500">(optional)</span>
      </legend>
      <p className="mt-0.5 text-xs text-slate-500">Sent with every request, e.g. an authorization token your receiver expects. webhook-* and content-type are set by Hookyard.</p>
      <div className="mt-2 space-y-2">
        {rows.map((row, i) => (
          <div key={row.key} className="flex flex-col gap-2 sm:flex-row">
            <Input aria-label={`Header ${i + 1} name`} placeholder="Header name" value={row.name} onChange={(e) => update(row.key, { name: e.target.value })} className="font-mono sm:w-56" />
            <Input aria-label={`Header ${i + 1} value`} placeholder="Value" value={row.value} onChange={(e) => update(row.key, { value: e.target.value })} className="font-mono" />
            <Button variant="ghost" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`Remove header ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => onChange([...rows, newHeaderRow()])}>
          Add header
        </Button>
      </div>
      {error && <p className="mt-1.5 text-sm text-rose-700">{error}</p>}
    </fieldset>
  );
}
