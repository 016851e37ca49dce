-- Hand-written: Prisma's schema cannot express per-column statistics targets.
--
-- Delivery is analyzed after 2 % of its rows change (20261122233100_delivery_autovacuum): at a
-- steady 200 publishes/s, every 10 s. Each ANALYZE took ~0.4 s of CPU, most of it per column,
-- and on two cores it was the one stall left in a steady stream of publishes. These columns are
-- never compared in a condition the planner estimates from statistics: they are written by the
-- engine and shown in the log, or compared only beside the primary key (the fencing token, the
-- one-shot flag) or on rows no index can find anyway (the claim id a failed claim hands back).
-- The columns the claim and the lists filter by keep theirs: status, nextAttemptAt, leaseUntil,
-- sendingSince, attemptCount (the "retrying" filter), lastAttemptAt (replays), ordered, the ids,
-- eventType and createdAt.
ALTER TABLE "Delivery"
  ALTER COLUMN "lastError" SET STATISTICS 0,
  ALTER COLUMN "lastResponseStatus" SET STATISTICS 0,
  ALTER COLUMN "updatedAt" SET STATISTICS 0,
  ALTER COLUMN "scheduledAttempts" SET STATISTICS 0,
  ALTER COLUMN "nextTrigger" SET STATISTICS 0,
  ALTER COLUMN "oneShot" SET STATISTICS 0,
  ALTER COLUMN "leaseToken" SET STATISTICS 0,
  ALTER COLUMN "leaseHolder" SET STATISTICS 0;
