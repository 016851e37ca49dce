import { z } from "zod";
import { idString, isoTime } from "./common";

export const inboxCreateSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(200),
    endpoint: z
      .object({ eventTypes: z.array(z.string().min(1).max(200)).max(500).default([]) })
      .strict()
      .optional()
      .meta({ description: "Also create an endpoint delivering to the inbox, subscribed to these types (empty: all); both or neither are created" }),
  })
  .strict()
  .meta({ id: "InboxCreate" });

export const inboxSchema = z
  .object({
    id: idString("inb"),
    name: z.string(),
    url: z.string().meta({ description: "Public capture URL: point an endpoint here" }),
    createdAt: isoTime,
    endpointId: z.string().optional().meta({ description: "The endpoint created with the inbox, when one was asked for" }),
  })
  .meta({ id: "Inbox" });

export const signatureCheckSchema = z
  .object({
    verified: z.boolean(),
    endpointId: z.string().optional().meta({ description: "The endpoint whose secret verified the signature" }),
    reason: z.string().optional().meta({ description: "Why it did not verify" }),
  })
  .meta({ id: "SignatureCheck" });

export const inboxRequestSchema = z
  .object({
    id: idString("req"),
    method: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    receivedAt: isoTime,
    signature: signatureCheckSchema,
  })
  .meta({ id: "InboxRequest" });

export type InboxJson = z.infer<typeof inboxSchema>;
export type InboxRequestJson = z.infer<typeof inboxRequestSchema>;
export type SignatureCheck = z.infer<typeof signatureCheckSchema>;
