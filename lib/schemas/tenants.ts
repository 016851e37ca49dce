import { z } from "zod";
import { idString, isoTime } from "./common";

const uid = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:@-]+$/, "may contain letters, digits and . _ : @ -")
  .refine((v) => !v.startsWith("hookyard:"), "the hookyard: prefix is reserved for Hookyard's own tenant");

export const tenantCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    uid: uid.optional().meta({ description: "Your own identifier for this tenant (unique); usable in paths instead of the id." }),
  })
  .strict()
  .meta({ id: "TenantCreate" });

const retentionDays = z.number().int().min(1).max(36_500);

export const tenantUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    uid: uid.nullable().optional(),
    retentionDays: retentionDays.nullable().optional().meta({ description: "Keep this tenant's messages (with deliveries and attempts) this many days; null: HOOKYARD_RETENTION" }),
  })
  .strict()
  .meta({ id: "TenantUpdate" });

export const tenantSchema = z
  .object({
    id: idString("ten"),
    uid: z.string().nullable(),
    name: z.string(),
    retentionDays: z.number().int().nullable().meta({ description: "The tenant's own retention in days; null: the default" }),
    retentionSeconds: z.number().meta({ description: "How long its messages are kept: retentionDays, or HOOKYARD_RETENTION" }),
    builtIn: z.boolean().meta({ description: "Hookyard's own tenant of operational events (uid hookyard:operator)" }),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Tenant" });

export type TenantCreate = z.infer<typeof tenantCreateSchema>;
export type TenantUpdate = z.infer<typeof tenantUpdateSchema>;
export type TenantJson = z.infer<typeof tenantSchema>;
