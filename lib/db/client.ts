// The one Prisma client of a process, over node-postgres (Prisma 7 driver adapter). Kept on
// globalThis so Next's hot reload does not open a new pool per edit.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client";
import { env } from "../env";

export type Db = PrismaClient;
/** A Prisma client or an interactive-transaction client: what domain functions accept. */
export type DbTx = Prisma.TransactionClient;

const globalForDb = globalThis as unknown as { hookyardDb?: { url: string; client: PrismaClient } };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start Hookyard with `npm run dev` / `npm start`, which provide the embedded database");
  }
  return url;
}

export function db(): PrismaClient {
  const url = databaseUrl();
  const cached = globalForDb.hookyardDb;
  if (cached && cached.url === url) return cached.client;
  const client = new PrismaClient({
    // Prisma stores DateTime as UTC timestamps without zone; a UTC session keeps now() consistent.
    adapter: new PrismaPg({ connectionString: url, max: env().HOOKYARD_DB_POOL_SIZE, options: "-c TimeZone=UTC" }),
  });
  globalForDb.hookyardDb = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.hookyardDb;
  globalForDb.hookyardDb = undefined;
  await cached?.client.$disconnect();
}
