// The Inngest executor's functions, served to Inngest (the Dev Server or `inngest start`).
import { serve } from "inngest/next";
import { inngest } from "@/lib/executors/inngest/client";
import { functions } from "@/lib/executors/inngest/functions";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
