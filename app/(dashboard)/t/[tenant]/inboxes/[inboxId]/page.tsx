import type { Metadata } from "next";
import { InboxDetail } from "@/components/inboxes/inbox-detail";

export const metadata: Metadata = { title: "Test inbox" };

export default async function Page({ params }: { params: Promise<{ inboxId: string }> }) {
  return <InboxDetail inboxId={decodeURIComponent((await params).inboxId)} />;
}
