import type { Metadata } from "next";
import { Suspense } from "react";
import { EventCatalogPage } from "@/components/catalog/event-catalog-page";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Event catalog" };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState />}>
      <EventCatalogPage />
    </Suspense>
  );
}
