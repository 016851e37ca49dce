import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/** Liveness plus a database round trip; 503 (within 2 s) when the database does not answer. */
export async function GET() {
  const database = await checkDatabase();
  return Response.json(
    { status: database.ok ? "ok" : "error", database: database.ok ? "ok" : database.detail },
    { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
