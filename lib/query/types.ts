import type { z } from "zod";
import type { apiKeyCreatedSchema, apiKeySchema } from "@/lib/api/schemas/api-keys";

export type ApiKeyJsonClient = z.infer<typeof apiKeySchema>;
export type ApiKeyCreatedJson = z.infer<typeof apiKeyCreatedSchema>;
