// Prisma CLI configuration. The app itself never needs this file: it applies migrations with
// lib/db/migrate.ts and connects through the node-postgres driver adapter (lib/db/client.ts).
// `DATABASE_URL` is only read here for the stock CLI (`prisma migrate deploy|status`).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/hookyard" },
});
