"use client";
import { useQuery } from "@tanstack/react-query";
import { endpointQueries } from "@/lib/query/queries";
import { tenantPath, useTenant } from "../layout/viewer";
import { PageHeader } from "../ui/page-header";
import { ErrorState, LoadingState } from "../ui/states";
import { EndpointForm } from "./endpoint-form";

export function NewEndpointPage() {
  const tenant = useTenant();
  return (
    <div className="max-w-3xl">
      <PageHeader back={{ href: tenantPath(tenant, "/endpoints"), label: "Endpoints" }} title="Add endpoint" description="A URL that receives this tenant's webhooks." />
      <EndpointForm />
    </div>
  );
}

export function EditEndpointPage({ endpointId }: { endpointId: string }) {
  const tenant = useTenant();
  const query = useQuery(endpointQueries.detail(tenant.id, endpointId));
  return (
    <div className="max-w-3xl">
      <PageHeader back={{ href: tenantPath(tenant, `/endpoints/${endpointId}`), label: "Endpoint" }} title="Edit endpoint" />
      {query.isPending ? <LoadingState /> : query.isError ? <ErrorState error={query.error} onRetry={() => query.refetch()} /> : <EndpointForm endpoint={query.data} />}
    </div>
  );
}
