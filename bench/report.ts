// The bench's printed table: one row per figure, with its target and ✓/✗ where there is one.
export interface Row {
  label: string;
  value: string;
  target?: string;
  /** undefined: no target (informational). */
  pass?: boolean;
}

export type Section = { title: string; rows: Row[] };

export function renderTable(title: string, sections: Section[], notes: string[] = []): string {
  const all = sections.flatMap((s) => s.rows);
  const w1 = Math.max(...all.map((r) => r.label.length), 10);
  const w2 = Math.max(...all.map((r) => r.value.length), 10);
  const w3 = Math.max(...all.map((r) => (r.target ?? "").length), 6);
  const width = w1 + w2 + w3 + 12;
  const line = "─".repeat(width);
  const out: string[] = [title, line, `${"".padEnd(w1)}   ${"value".padStart(w2)}   ${"target".padEnd(w3)}`, line];
  for (const s of sections) {
    out.push(s.title);
    for (const r of s.rows) {
      const mark = r.pass === undefined ? "" : r.pass ? "✓" : "✗";
      out.push(`  ${r.label.padEnd(w1)} ${r.value.padStart(w2)}   ${(r.target ?? "").padEnd(w3)} ${mark}`.trimEnd());
    }
  }
  out.push(line);
  for (const n of notes) out.push(n);
  return out.join("\n");
}

export const fmtInt = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a");
export const fmtMs = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "n/a");
export const fmtMb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
