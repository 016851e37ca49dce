import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointDetail } from "@/components/endpoints/endpoint-detail";
import { dashboardObjectVisible } from "@/lib/auth/dashboard-objects";

export const metadata: Metadata = { title: "Endpoint" };

export default async function Page({ params }: { params: Promise<{ tenant: string; endpointId: string }> }) {
  const p = await params;
  const endpointId = decodeURIComponent(p.endpointId);
  if (!(await dashboardObjectVisible(decodeURIComponent(p.tenant), "endpoint", endpointId))) notFound();
  return <EndpointDetail endpointId={endpointId} />;
}
