import type { Metadata } from "next";
import { MessageDetail } from "@/components/messages/message-detail";

export const metadata: Metadata = { title: "Message" };

export default async function Page({ params }: { params: Promise<{ messageId: string }> }) {
  return <MessageDetail messageId={decodeURIComponent((await params).messageId)} />;
}
