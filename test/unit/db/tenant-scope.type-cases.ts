// Compiled, never run (test/unit/db/tenant-scope-types.test.ts compiles it): a plain Prisma client,
// a hand-made { tenantId, db } around it, or the scope's bare client, is refused where a tenant scope is expected. Each
// `@ts-expect-error` must stay an error: the test fails when a case compiles.
import { db } from "../../../lib/db/client";
import { tenantScope } from "../../../lib/db/tenant-scope";
import { listDeliveries } from "../../../lib/delivery-log/deliveries";
import { createEndpoint } from "../../../lib/endpoints/endpoints";
import { listMessages } from "../../../lib/delivery-log/messages";
import { publishMessage } from "../../../lib/messages/publish";
import { endpointStats } from "../../../lib/stats/endpoint-stats";

export function tenantScopeCases(input: Parameters<typeof createEndpoint>[1]) {
  const page = { limit: 10 };
  const scope = tenantScope("ten_a");
  void listMessages(scope, {}, page);
  void endpointStats(scope, { hours: 24 });

  // @ts-expect-error the unscoped client is not a tenant scope
  void listMessages(db(), {}, page);
  // @ts-expect-error a scope made by hand around the unscoped client (no brand) is not one either
  void listMessages({ tenantId: "ten_a", db: db() }, {}, page);
  // @ts-expect-error the scope's own client alone has lost its tenant
  void listDeliveries(scope.db, {}, page);
  // @ts-expect-error raw SQL (the endpoint stats) takes its tenant from the scope
  void endpointStats(db(), { hours: 24 });
  // @ts-expect-error the publish path's raw SQL too
  void publishMessage(db(), { eventType: "order.paid", payload: {} });
  // @ts-expect-error creates take the tenant from the scope
  void createEndpoint(db(), input);
}
