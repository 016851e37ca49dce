-- Hand-written in part: Prisma's schema cannot express a partial index (a comment on the Delivery
-- model points here).
--
-- The due deliveries, oldest first, as an index of the pending rows only, replacing
-- (status, nextAttemptAt) over every row. The claim reads the oldest due rows on a kept plan
-- (lib/db/client.ts, "Plans"), made from the statistics of its day. With statistics that knew of
-- fewer due rows than the claim's window (a few hundred among many delivered), the planner found
-- walking all of the pending index by endpoint and sorting no dearer than the ordered walk of the
-- bigger (status, nextAttemptAt) index, and each claim then read the whole due backlog, until the
-- next ANALYZE: 800 → 5,000 rows a claim in a bench run while a paused endpoint's backlog grew
-- (test/integration/delivery/kept-plans.test.ts). This index holds the same rows as the pending
-- index, narrower and already in order, so the ordered walk, stopping at the window, is the
-- cheaper plan whatever the statistics say. And a delivery that finishes no longer adds an entry
-- to it (most rows in time are finished). `id` after nextAttemptAt gives the sweep for dead
-- holders' attempts a place to go on from, a chunk at a time (lib/delivery/lease.ts,
-- sweepForInterrupted); it used to read every due row each time.
DROP INDEX "Delivery_status_nextAttemptAt_idx";
CREATE INDEX "Delivery_pending_nextAttemptAt_id_idx" ON "Delivery"("nextAttemptAt", "id") WHERE "status" = 'pending';

-- What the (status, nextAttemptAt) index also served: the sweep for canceled deliveries a dead
-- holder left marked (lib/delivery/lease.ts, SweepScope "canceled"), now and then, in id order.
-- Canceled rows only: the predicate names no lease column, so claims stay HOT updates.
CREATE INDEX "Delivery_canceled_id_idx" ON "Delivery"("id") WHERE "status" = 'canceled';
