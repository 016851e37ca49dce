-- Hand-written: Prisma's schema cannot express per-column statistics targets.
--
-- ANALYZE samples up to 30,000 rows of a table and computes statistics on every column. The wide
-- columns of the two tables that grow with every publish and attempt (payloads, headers, response
-- bodies, error texts) are never compared in a condition the planner estimates from statistics
-- (the payload search calls jsonb_path_exists, which it cannot estimate from them anyway), yet
-- they cost most of ANALYZE's CPU. On two cores, autovacuum's ANALYZE of Message and of Attempt
-- after a backlog (0.4 and 0.5 s of CPU) stalled publishes for seconds. Without statistics on
-- these columns: Message 485 -> 65 ms, Attempt 496 -> 200 ms (22,000 and 37,000 rows).
ALTER TABLE "Message"
  ALTER COLUMN "payload" SET STATISTICS 0,
  ALTER COLUMN "payloadText" SET STATISTICS 0,
  ALTER COLUMN "traceparent" SET STATISTICS 0;

ALTER TABLE "Attempt"
  ALTER COLUMN "requestHeaders" SET STATISTICS 0,
  ALTER COLUMN "responseHeaders" SET STATISTICS 0,
  ALTER COLUMN "responseBody" SET STATISTICS 0,
  ALTER COLUMN "error" SET STATISTICS 0;
