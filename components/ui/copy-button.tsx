"use client";
import { useState } from "react";
import { Button } from "./button";

/** Copies `value`; says "Copied" for a moment (and to screen readers through the label change). */
export function CopyButton({
  value,
  label = "Copy",
  ariaLabel,
  className,
  size = "sm",
}: {
  value: string;
  label?: string;
  /** A fuller accessible name when the visible label is short ("Copy" → "Copy request body"). */
  ariaLabel?: string;
  className?: string;
  size?: "sm" | "md";
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size={size}
      className={className}
      aria-label={ariaLabel}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          // Clipboard API unavailable (plain http on a non-localhost origin): fall back to a selection copy.
          const area = document.createElement("textarea");
          area.value = value;
          document.body.appendChild(area);
          area.select();
          document.execCommand("copy");
          area.remove();
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}
