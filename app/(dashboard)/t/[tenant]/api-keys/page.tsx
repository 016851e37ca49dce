import type { Metadata } from "next";
import { TenantApiKeysPage } from "@/components/api-keys/api-keys-page";

export const metadata: Metadata = { title: "API keys" };

export default function Page() {
  return <TenantApiKeysPage />;
}
