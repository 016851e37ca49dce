import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness plus a database round trip. */
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok" });
  } catch (err) {
    return Response.json({ status: "error", database: (err as Error).message }, { status: 503 });
  }
}
