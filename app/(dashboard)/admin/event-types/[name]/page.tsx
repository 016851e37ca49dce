import type { Metadata } from "next";
import { EventTypeDetail } from "@/components/admin/event-type-versions";

export const metadata: Metadata = { title: "Event type" };

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EventTypeDetail name={decodeURIComponent(name)} />;
}
