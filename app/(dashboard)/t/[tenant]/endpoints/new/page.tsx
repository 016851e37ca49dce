import type { Metadata } from "next";
import { NewEndpointPage } from "@/components/endpoints/endpoint-pages";

export const metadata: Metadata = { title: "Add endpoint" };

export default function Page() {
  return <NewEndpointPage />;
}
