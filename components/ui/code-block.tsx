import { cn } from "./cn";
import { CopyButton } from "./copy-button";

export function CodeBlock({ code, label, className, copy = true, maxHeight = "max-h-96" }: { code: string; label?: string; className?: string; copy?: boolean; maxHeight?: string }) {
  return (
    // Fixed colours (slate-900 on slate-100), not palette ones: code stays light-on-dark in the
    // dark scheme too, where the palette turns over (app/globals.css).
    <div className={cn("relative rounded-md bg-[oklch(20.8%_0.042_265.755)] text-[oklch(96.8%_0.007_247.896)]", className)}>
      {copy && (
        <div className="absolute top-2 right-2">
          <CopyButton value={code} ariaLabel={label ? `Copy ${label}` : undefined} />
        </div>
      )}
      <pre className={cn("overflow-auto p-4 pr-20 font-mono text-xs leading-relaxed", maxHeight)} tabIndex={0} aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** Pretty-prints JSON text when it parses, else shows it as is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
