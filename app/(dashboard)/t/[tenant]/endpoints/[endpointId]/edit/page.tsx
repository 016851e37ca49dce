import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EditEndpointPage } from "@/components/endpoints/endpoint-pages";
import { dashboardObjectVisible } from "@/lib/auth/dashboard-objects";

export const metadata: Metadata = { title: "Edit endpoint" };

export default async function Page({ params }: { params: Promise<{ tenant: string; endpointId: string }> }) {
  const p = await params;
  const endpointId = decodeURIComponent(p.endpointId);
  if (!(await dashboardObjectVisible(decodeURIComponent(p.tenant), "endpoint", endpointId))) notFound();
  return <EditEndpointPage endpointId={endpointId} />;
}
