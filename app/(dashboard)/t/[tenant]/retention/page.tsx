import type { Metadata } from "next";
import { RetentionPage } from "@/components/tenants/retention-page";

export const metadata: Metadata = { title: "Data retention" };

export default function Page() {
  return <RetentionPage />;
}
