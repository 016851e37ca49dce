// What `npm run doctor` reports: one finding per thing checked, and how it is printed.
export type Status = "ok" | "info" | "warn" | "fail";

export interface Finding {
  check: string;
  status: Status;
  /** What was found, in a line. */
  summary: string;
  /** What to do about it (warn and fail). */
  fix?: string;
}

const MARK: Record<Status, string> = { ok: "✓", info: "·", warn: "!", fail: "✗" };

export function formatReport(findings: Finding[], heading: string): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  const lines = [heading, ""];
  for (const f of findings) {
    lines.push(`  ${MARK[f.status]} ${f.check.padEnd(width)}  ${f.summary}`);
    if (f.fix) for (const line of f.fix.split("\n")) lines.push(`  ${" ".repeat(width + 2)}  → ${line}`);
  }
  const failed = findings.filter((f) => f.status === "fail").length;
  const warned = findings.filter((f) => f.status === "warn").length;
  lines.push("");
  lines.push(
    failed === 0 && warned === 0
      ? "Nothing to fix."
      : `${failed} problem${failed === 1 ? "" : "s"} to fix, ${warned} warning${warned === 1 ? "" : "s"}.`,
  );
  return `${lines.join("\n")}\n`;
}
