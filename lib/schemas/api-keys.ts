import { z } from "zod";
import { idString, isoTime } from "./common";
import { membershipRole } from "./members";

export const apiKeyCreateSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict().meta({ id: "ApiKeyCreate" });

export const tenantApiKeyCreateSchema = z
  .object({
    name: apiKeyCreateSchema.shape.name,
    role: membershipRole.optional().meta({ description: "What the key may do in the tenant; never more than its creator. Default member (or the creator's role when lower)" }),
  })
  .strict()
  .meta({ id: "TenantApiKeyCreate" });

export const apiKeySchema = z
  .object({
    id: idString("key"),
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the key, for recognising it" }),
    scope: z.enum(["admin", "tenant"]),
    tenantId: z.string().nullable(),
    role: membershipRole.nullable().meta({ description: "Tenant keys: their role in the tenant (admin keys: null)" }),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
  })
  .meta({ id: "ApiKey" });

export const apiKeyCreatedSchema = apiKeySchema
  .extend({ key: z.string().meta({ description: "The key itself: shown once, store it now" }) })
  .meta({ id: "ApiKeyCreated" });

export type ApiKeyJson = z.infer<typeof apiKeySchema>;
export type ApiKeyCreatedJson = z.infer<typeof apiKeyCreatedSchema>;
