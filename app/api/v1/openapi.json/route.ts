// The OpenAPI 3.1 document of /api/v1, generated from the handlers' zod schemas (lib/api/openapi.ts).
import { openApiDocument } from "@/lib/api/openapi";
import { json, publicRoute } from "@/lib/api/route";

export const GET = publicRoute(async () => json(openApiDocument()));
