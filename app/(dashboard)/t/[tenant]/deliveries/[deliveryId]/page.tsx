import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeliveryDetail } from "@/components/deliveries/delivery-detail";
import { dashboardObjectVisible } from "@/lib/auth/dashboard-objects";

export const metadata: Metadata = { title: "Delivery" };

export default async function Page({ params }: { params: Promise<{ tenant: string; deliveryId: string }> }) {
  const p = await params;
  const deliveryId = decodeURIComponent(p.deliveryId);
  if (!(await dashboardObjectVisible(decodeURIComponent(p.tenant), "delivery", deliveryId))) notFound();
  return <DeliveryDetail deliveryId={deliveryId} />;
}
