// Every minute: the retention sweep (lib/retention), when Inngest runs the deliveries and no local
// worker's timer does it.
import { cron } from "inngest";
import { sweepRetention } from "../../../retention/retention";
import { inngest } from "../client";

export const retentionFunction = inngest.createFunction(
  { id: "retention-sweep", name: "Delete expired messages", triggers: [cron("* * * * *")], concurrency: 1 },
  async ({ step }) => step.run("sweep", () => sweepRetention()),
);
