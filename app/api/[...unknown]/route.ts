// Any /api path no route handles: the API's JSON 404, not the dashboard's HTML not-found page.
import { notFound } from "@/lib/errors";
import { publicRoute } from "@/lib/api/route";

const unknown = publicRoute(async () => {
  throw notFound("API route");
});

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE };
