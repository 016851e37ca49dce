import type { EndpointStatsJson } from "@/lib/schemas/stats";
import { cn } from "../ui/cn";
import { formatCount, formatPercent } from "../ui/format";

/** Colour of a delivery success rate: green from 99 %, amber from 90 %, red below. */
export function rateTone(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "text-slate-600";
  if (rate >= 0.99) return "text-emerald-700";
  if (rate >= 0.9) return "text-amber-700";
  return "text-rose-700";
}

/**
 * Delivery success: of the window's deliveries that have finished, how many succeeded — a delivery
 * that failed twice and then succeeded is a success — with those still in progress said apart.
 */
export function DeliverySuccess({ stats, compact = false }: { stats: EndpointStatsJson | undefined; compact?: boolean }) {
  if (!stats) return <span className="text-slate-600">—</span>;
  const { succeeded, failed, pending } = stats.deliveryOutcomes;
  const finished = succeeded + failed;
  const rate = <span className={cn("font-medium tabular-nums", rateTone(stats.deliverySuccessRate))}>{formatPercent(stats.deliverySuccessRate)}</span>;
  if (compact) return rate;
  return (
    <span>
      {rate}
      <span className="text-slate-600">
        {finished ? ` of ${formatCount(finished)} finished` : " (none finished)"}
        {pending ? `, ${formatCount(pending)} in progress` : ""}
      </span>
    </span>
  );
}
