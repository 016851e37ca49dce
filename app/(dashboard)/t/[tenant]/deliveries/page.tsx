import type { Metadata } from "next";
import { Suspense } from "react";
import { DeliveriesPage } from "@/components/deliveries/deliveries-page";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Deliveries" };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState />}>
      <DeliveriesPage />
    </Suspense>
  );
}
