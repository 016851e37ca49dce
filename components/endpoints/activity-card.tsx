"use client";
import { useQuery } from "@tanstack/react-query";
import { endpointQueries } from "@/lib/query/queries";
import { useTenant } from "../layout/viewer";
import { Card, CardBody, CardHeader } from "../ui/card";
import { DeliveriesChart, Legend } from "../ui/charts";
import { formatCount } from "../ui/format";
import { ErrorState, LoadingState } from "../ui/states";

/** The endpoint's last 24 hours, hour by hour: attempts by outcome, deliveries in the summary. */
export function ActivityCard({ endpointId }: { endpointId: string }) {
  const tenant = useTenant();
  const activity = useQuery(endpointQueries.activity(tenant.id, endpointId));
  const series = (activity.data?.series ?? []).map((p) => ({ minute: p.hour, succeeded: p.succeeded, failed: p.failed, p50: null, p95: null }));
  const deliveries = (activity.data?.series ?? []).reduce((sum, p) => sum + p.deliveries, 0);
  const failed = series.reduce((sum, p) => sum + p.failed, 0);
  return (
    <Card>
      <CardHeader
        title="Activity (24 h)"
        description={
          activity.data
            ? `${formatCount(deliveries)} deliver${deliveries === 1 ? "y" : "ies"}; attempts per hour by outcome, ${formatCount(failed)} failed.`
            : "Attempts per hour by outcome."
        }
        actions={<Legend items={[{ label: "Succeeded", className: "bg-emerald-500" }, { label: "Failed", className: "bg-rose-500" }]} />}
      />
      <CardBody>
        {activity.isPending ? (
          <LoadingState label="Loading activity…" />
        ) : activity.isError ? (
          <ErrorState error={activity.error} onRetry={() => activity.refetch()} />
        ) : (
          <DeliveriesChart series={series} per="hour" />
        )}
      </CardBody>
    </Card>
  );
}
