import type { Metadata } from "next";
import { AdminApiKeysPage } from "@/components/api-keys/api-keys-page";

export const metadata: Metadata = { title: "Admin API keys" };

export default function Page() {
  return <AdminApiKeysPage />;
}
