-- Hand-written: Prisma's schema cannot express table storage parameters.
--
-- Delivery is the hot table: a row per delivery is inserted, leased and updated on every attempt,
-- and the claim's plans depend on fresh statistics — a table that grew from empty to a backlog of
-- thousands planned as if still empty reads the whole backlog on every claim. Vacuum and analyze
-- it after 2 % of its rows changed (plus 1,000) rather than PostgreSQL's default 20 % / 10 %.
-- fillfactor leaves room on each page so the lease update (leaseUntil, not indexed) can be a HOT
-- update, which writes no index entries.
ALTER TABLE "Delivery" SET (
  fillfactor = 85,
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0.02,
  autovacuum_vacuum_insert_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_analyze_threshold = 1000
);
