import type { Metadata } from "next";
import { EditEndpointPage } from "@/components/endpoints/endpoint-pages";

export const metadata: Metadata = { title: "Edit endpoint" };

export default async function Page({ params }: { params: Promise<{ endpointId: string }> }) {
  return <EditEndpointPage endpointId={decodeURIComponent((await params).endpointId)} />;
}
