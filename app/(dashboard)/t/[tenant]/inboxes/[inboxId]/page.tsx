import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InboxDetail } from "@/components/inboxes/inbox-detail";
import { dashboardObjectVisible } from "@/lib/auth/dashboard-objects";

export const metadata: Metadata = { title: "Test inbox" };

export default async function Page({ params }: { params: Promise<{ tenant: string; inboxId: string }> }) {
  const p = await params;
  const inboxId = decodeURIComponent(p.inboxId);
  if (!(await dashboardObjectVisible(decodeURIComponent(p.tenant), "inbox", inboxId))) notFound();
  return <InboxDetail inboxId={inboxId} />;
}
