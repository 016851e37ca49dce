import type { DeliveryJson } from "@/lib/schemas/messages";
import { Badge, type Tone } from "../ui/badge";

/** Where a delivery stands, as a user tells it: a pending delivery that has already failed and
 * waits for its next scheduled attempt is "retrying", not merely pending. */
export type DeliveryState = DeliveryJson["status"] | "retrying";

export function deliveryState(d: Pick<DeliveryJson, "status" | "attemptCount">): DeliveryState {
  return d.status === "pending" && d.attemptCount > 0 ? "retrying" : d.status;
}

const STATUS: Record<DeliveryState, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "blue" },
  retrying: { label: "Retrying", tone: "amber" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  canceled: { label: "Canceled", tone: "neutral" },
};

export function DeliveryStatusBadge({ status, title }: { status: DeliveryState; title?: string }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} dot title={title}>
      {s.label}
    </Badge>
  );
}

export const ERROR_CATEGORY_LABEL: Record<string, string> = {
  http_status: "Non-2xx response",
  timeout: "Timed out",
  connection_refused: "Connection refused",
  dns: "DNS lookup failed",
  tls: "TLS error",
  blocked: "Blocked address",
  interrupted: "Interrupted",
  other: "Network error",
};

/** The last response code, or what went wrong when there was none. */
export function ResponseSummary({ status, error }: { status: number | null; error?: string | null }) {
  if (status !== null) {
    const tone: Tone = status >= 200 && status < 300 ? "green" : status >= 500 ? "red" : "amber";
    return (
      <Badge tone={tone} className="font-mono">
        {status}
      </Badge>
    );
  }
  if (error) {
    return (
      <span className="block max-w-[8rem] truncate text-xs text-rose-700 sm:max-w-[14rem]" title={error}>
        {error}
      </span>
    );
  }
  return <span className="text-slate-400">—</span>;
}
