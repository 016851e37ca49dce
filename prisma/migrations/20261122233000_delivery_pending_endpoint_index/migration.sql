-- Hand-written: Prisma's schema cannot express a partial index, so it does not appear in
-- schema.prisma (a comment on the Delivery model points here).

-- The pending deliveries of each endpoint, oldest first. The local executor's claim walks it to
-- find every endpoint with due deliveries and take a few of each (lib/executors/local.ts), without
-- reading through the backlog of an endpoint that is at its concurrency or rate limit. Partial:
-- finished deliveries, nearly all rows in time, are not in it.
CREATE INDEX "Delivery_pending_endpointId_nextAttemptAt_idx" ON "Delivery"("endpointId", "nextAttemptAt") WHERE "status" = 'pending';
