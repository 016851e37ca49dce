import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MessageDetail } from "@/components/messages/message-detail";
import { dashboardObjectVisible } from "@/lib/auth/dashboard-objects";

export const metadata: Metadata = { title: "Message" };

export default async function Page({ params }: { params: Promise<{ tenant: string; messageId: string }> }) {
  const p = await params;
  const messageId = decodeURIComponent(p.messageId);
  if (!(await dashboardObjectVisible(decodeURIComponent(p.tenant), "message", messageId))) notFound();
  return <MessageDetail messageId={messageId} />;
}
