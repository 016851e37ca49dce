import type { Metadata } from "next";
import { InboxesPage } from "@/components/inboxes/inboxes-page";

export const metadata: Metadata = { title: "Test inboxes" };

export default function Page() {
  return <InboxesPage />;
}
