import type { EndpointJson } from "@/lib/schemas/endpoints";
import { Badge } from "../ui/badge";

export function EndpointStatusBadge({ endpoint }: { endpoint: Pick<EndpointJson, "disabled" | "failingSince" | "disabledReason"> }) {
  if (endpoint.disabled) {
    return (
      <Badge tone="neutral" dot title={endpoint.disabledReason ?? undefined}>
        Disabled
      </Badge>
    );
  }
  if (endpoint.failingSince) {
    return (
      <Badge tone="amber" dot title={`Failing since ${new Date(endpoint.failingSince).toLocaleString()}`}>
        Failing
      </Badge>
    );
  }
  return (
    <Badge tone="green" dot>
      Enabled
    </Badge>
  );
}

export function EventTypeChips({ types, max = 3 }: { types: string[]; max?: number }) {
  if (types.length === 0) return <span className="text-slate-500">All event types</span>;
  const shown = types.slice(0, max);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((t) => (
        <Badge key={t} tone="blue">
          {t}
        </Badge>
      ))}
      {types.length > max && <Badge tone="neutral">+{types.length - max} more</Badge>}
    </span>
  );
}
