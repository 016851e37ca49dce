import type { Metadata } from "next";
import { OperationalWebhooksPage } from "@/components/admin/operational-webhooks-page";

export const metadata: Metadata = { title: "Operational webhooks" };

export default function Page() {
  return <OperationalWebhooksPage />;
}
