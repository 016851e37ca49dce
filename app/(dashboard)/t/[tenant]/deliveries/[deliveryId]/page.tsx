import type { Metadata } from "next";
import { DeliveryDetail } from "@/components/deliveries/delivery-detail";

export const metadata: Metadata = { title: "Delivery" };

export default async function Page({ params }: { params: Promise<{ deliveryId: string }> }) {
  return <DeliveryDetail deliveryId={decodeURIComponent((await params).deliveryId)} />;
}
