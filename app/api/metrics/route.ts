import { databaseMetricsText } from "@/lib/delivery/database-gauges";
import { answerMetricsRequest } from "@/lib/observability/metrics-endpoint";

export const dynamic = "force-dynamic";

/** Prometheus metrics (lib/observability/metrics-endpoint.ts says who may read them). */
export async function GET(req: Request) {
  const answer = await answerMetricsRequest(req.headers.get("authorization"), { where: "web", databaseMetricsText });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
