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

export const tenantUpdateSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), uid: uid.nullable().optional() })
  .strict()
  .meta({ id: "TenantUpdate" });

export const tenantSchema = z
  .object({ id: idString("ten"), uid: z.string().nullable(), name: z.string(), createdAt: isoTime, updatedAt: isoTime })
  .meta({ id: "Tenant" });

export type TenantCreate = z.infer<typeof tenantCreateSchema>;
export type TenantUpdate = z.infer<typeof tenantUpdateSchema>;
export type TenantJson = z.infer<typeof tenantSchema>;
