import type { Metadata } from "next";
import { EndpointDetail } from "@/components/endpoints/endpoint-detail";

export const metadata: Metadata = { title: "Endpoint" };

export default async function Page({ params }: { params: Promise<{ endpointId: string }> }) {
  return <EndpointDetail endpointId={decodeURIComponent((await params).endpointId)} />;
}
