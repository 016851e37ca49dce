// Where portal links lead (/portal#<token>): see components/portal/portal-entry.tsx. Frameable by
// HOOKYARD_PORTAL_ORIGINS (proxy.ts, lib/portal/framing.ts).
import type { Metadata } from "next";
import { PortalEntry } from "@/components/portal/portal-entry";
import { Providers } from "@/components/providers";

export const metadata: Metadata = { title: "Webhooks", robots: { index: false } };

export default function PortalPage() {
  return (
    <Providers>
      <PortalEntry />
    </Providers>
  );
}
