-- Attempt rollups: the stats routes (operator overview, endpoint health) read per-minute, per-hour
-- and per-day counts instead of the Attempt rows, so their cost depends on the window, not on the
-- traffic in it. A statement-level trigger on Attempt adds each inserted batch (the recorder
-- inserts up to 128 attempts per statement) to a handful of rows; the app never writes them.

-- CreateEnum
CREATE TYPE "StatsPeriod" AS ENUM ('minute', 'hour', 'day');

-- CreateTable
CREATE TABLE "AttemptStats" (
    "period" "StatsPeriod" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "durationHistogram" INTEGER[],
    "p50" INTEGER,
    "p95" INTEGER,

    CONSTRAINT "AttemptStats_pkey" PRIMARY KEY ("period","at")
);

-- CreateTable
CREATE TABLE "EndpointAttemptStats" (
    "endpointId" TEXT NOT NULL,
    "period" "StatsPeriod" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "firstAttempts" INTEGER NOT NULL,
    "lastStartedAt" TIMESTAMP(3) NOT NULL,
    "lastSucceeded" BOOLEAN NOT NULL,

    CONSTRAINT "EndpointAttemptStats_pkey" PRIMARY KEY ("endpointId","period","at")
);

-- Hand-written from here (Prisma's schema cannot express functions, triggers or storage settings).

-- The rows of the current minute, hour and day are updated by every recorded batch: room on each
-- page keeps those updates HOT (no index writes; pages are pruned as they are read), and vacuum
-- comes early for the dead versions left behind.
ALTER TABLE "AttemptStats" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE "EndpointAttemptStats" SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.05);

-- Attempt durations as histograms with fixed buckets (percentiles cannot be summed, bucket counts
-- can). Bucket i (1-based) holds the durations from the i-th floor up to the next one; the last is
-- open. The floors grow by at most a third, so a percentile read from a histogram is off by at
-- most about a bucket; exact up to 5 ms, where a bucket holds a single value.
CREATE FUNCTION hookyard_duration_floors() RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '{0,1,2,3,4,5,6,8,10,12,15,20,25,30,40,50,60,80,100,120,150,200,250,300,400,500,600,800,1000,1200,1500,2000,2500,3000,4000,5000,6000,8000,10000,12000,15000,20000,25000,30000}'::integer[]
$$;

CREATE FUNCTION hookyard_duration_bucket(duration_ms integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT width_bucket(duration_ms, (hookyard_duration_floors())[2:]) + 1
$$;

-- The histogram of some durations: one count per floor. These are PL/pgSQL loops rather than SQL
-- set operations (unnest, generate_series, group, aggregate): a third of the trigger's cost
-- instead of most of it, for a batch of one to a few attempts.
CREATE FUNCTION hookyard_duration_histogram(durations integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  histogram integer[] := array_fill(0, ARRAY[array_length(hookyard_duration_floors(), 1)]);
  duration integer;
  bucket integer;
BEGIN
  FOREACH duration IN ARRAY durations LOOP
    bucket := hookyard_duration_bucket(duration);
    histogram[bucket] := histogram[bucket] + 1;
  END LOOP;
  RETURN histogram;
END
$$;

-- Two histograms added bucket by bucket (and, as hookyard_histogram_sum, many).
CREATE FUNCTION hookyard_histogram_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  FOR i IN 1 .. array_length(b, 1) LOOP
    a[i] := coalesce(a[i], 0) + b[i];
  END LOOP;
  RETURN a;
END
$$;

CREATE AGGREGATE hookyard_histogram_sum(integer[]) (SFUNC = hookyard_histogram_add, STYPE = integer[], INITCOND = '{}');

-- The approximate p-quantiles (each 0 <= p <= 1) of the durations in a histogram, in ms; nulls
-- when it is empty. The percentile_cont convention — the value at rank p * (n - 1) of the sorted
-- durations, linearly between its two neighbours — with each bucket's attempts taken as spread
-- evenly between its floor and its top (the next floor - 1 ms; the last bucket, its floor).
CREATE FUNCTION hookyard_histogram_percentiles(histogram integer[], ps double precision[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  floors CONSTANT integer[] := hookyard_duration_floors();
  buckets CONSTANT integer := coalesce(array_length(histogram, 1), 0);
  total bigint := 0;
  result integer[] := '{}';
  p double precision;
  rank double precision;
  lo bigint;
  k bigint;
  below bigint;
  top integer;
  neighbours double precision[];
BEGIN
  FOR i IN 1 .. buckets LOOP
    total := total + histogram[i];
  END LOOP;
  FOREACH p IN ARRAY ps LOOP
    IF total = 0 THEN
      result := result || NULL::integer;
      CONTINUE;
    END IF;
    rank := p * (total - 1);
    lo := floor(rank);
    neighbours := '{}';
    FOREACH k IN ARRAY ARRAY[lo, least(lo + 1, total - 1)] LOOP
      below := 0;
      FOR i IN 1 .. buckets LOOP
        IF k < below + histogram[i] THEN
          top := CASE WHEN i < array_length(floors, 1) THEN floors[i + 1] - 1 ELSE floors[i] END;
          neighbours := neighbours || (floors[i] + ((top - floors[i])::double precision * ((k - below) + 0.5::double precision)) / histogram[i]);
          EXIT;
        END IF;
        below := below + histogram[i];
      END LOOP;
    END LOOP;
    result := result || floor(neighbours[1] + (rank - lo) * (neighbours[2] - neighbours[1]) + 0.5)::integer;
  END LOOP;
  RETURN result;
END
$$;

-- Adds the attempts of one INSERT statement (the transition table new_attempts) to the rollups.
-- Rows are upserted in key order, the overall table first, so two batches recorded at once lock
-- the rows they share in the same order and never deadlock. Minute rows are kept 26 hours, an
-- endpoint's hour rows 32 days: nothing reads older ones (windows up to 24 hours start on a
-- minute, longer ones, up to 30 days, on an hour). So the first batch of a new hour (day) deletes
-- the older ones, and a batch spanning more (the backfill below) does not make them at all.
CREATE FUNCTION hookyard_roll_up_attempts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  new_hour timestamp(3);
BEGIN
  WITH upserted AS (
    INSERT INTO "AttemptStats" AS s (period, at, attempts, succeeded, "durationHistogram", p50, p95)
    SELECT period, at, attempts, succeeded, histogram, latency[1], latency[2]
    FROM (
      SELECT batch.*, CASE WHEN period = 'minute' THEN hookyard_histogram_percentiles(histogram, '{0.5,0.95}') END AS latency
      FROM (
        SELECT p.period, p.at, count(*) AS attempts, count(*) FILTER (WHERE a.succeeded) AS succeeded,
               hookyard_duration_histogram(array_agg(a."durationMs")) AS histogram
        FROM new_attempts a
        CROSS JOIN (SELECT max("startedAt") AS newest FROM new_attempts) batch_end
        CROSS JOIN LATERAL (VALUES ('minute'::"StatsPeriod", date_trunc('minute', a."startedAt")),
                                   ('hour'::"StatsPeriod", date_trunc('hour', a."startedAt"))) AS p(period, at)
        WHERE p.period = 'hour' OR a."startedAt" >= batch_end.newest - interval '26 hours'
        GROUP BY 1, 2
      ) batch
    ) with_latency
    ORDER BY 1, 2
    ON CONFLICT (period, at) DO UPDATE SET
      attempts = s.attempts + excluded.attempts,
      succeeded = s.succeeded + excluded.succeeded,
      -- The sum once, and the minute's percentiles from it.
      ("durationHistogram", p50, p95) = (
        SELECT merged.histogram, merged.latency[1], merged.latency[2]
        FROM (SELECT added AS histogram,
                     CASE WHEN s.period = 'minute' THEN hookyard_histogram_percentiles(added, '{0.5,0.95}') END AS latency
              FROM hookyard_histogram_add(s."durationHistogram", excluded."durationHistogram") AS added) merged)
    RETURNING s.period, s.at, s.xmax = 0 AS created
  )
  SELECT max(at) INTO new_hour FROM upserted WHERE created AND period = 'hour';
  IF new_hour IS NOT NULL THEN
    DELETE FROM "AttemptStats" WHERE period = 'minute' AND at < new_hour - interval '26 hours';
  END IF;

  WITH upserted AS (
    INSERT INTO "EndpointAttemptStats" AS s
      ("endpointId", period, at, attempts, succeeded, "firstAttempts", "lastStartedAt", "lastSucceeded")
    SELECT a."endpointId", p.period, p.at, count(*), count(*) FILTER (WHERE a.succeeded), count(*) FILTER (WHERE a.number = 1),
           max(a."startedAt"), (array_agg(a.succeeded ORDER BY a."startedAt" DESC))[1]
    FROM new_attempts a
    CROSS JOIN (SELECT max("startedAt") AS newest FROM new_attempts) batch_end
    CROSS JOIN LATERAL (VALUES ('minute'::"StatsPeriod", date_trunc('minute', a."startedAt")),
                               ('hour'::"StatsPeriod", date_trunc('hour', a."startedAt")),
                               ('day'::"StatsPeriod", date_trunc('day', a."startedAt"))) AS p(period, at)
    WHERE p.period = 'day'
       OR (p.period = 'hour' AND a."startedAt" >= batch_end.newest - interval '32 days')
       OR (p.period = 'minute' AND a."startedAt" >= batch_end.newest - interval '26 hours')
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT ("endpointId", period, at) DO UPDATE SET
      attempts = s.attempts + excluded.attempts,
      succeeded = s.succeeded + excluded.succeeded,
      "firstAttempts" = s."firstAttempts" + excluded."firstAttempts",
      "lastSucceeded" = CASE WHEN excluded."lastStartedAt" >= s."lastStartedAt" THEN excluded."lastSucceeded" ELSE s."lastSucceeded" END,
      "lastStartedAt" = greatest(s."lastStartedAt", excluded."lastStartedAt")
    RETURNING s."endpointId", s.period, s.at, s.xmax = 0 AS created
  ), expiring AS (
    SELECT "endpointId",
           CASE period WHEN 'hour' THEN 'minute'::"StatsPeriod" ELSE 'hour'::"StatsPeriod" END AS period,
           at - CASE period WHEN 'hour' THEN interval '26 hours' ELSE interval '32 days' END AS before
    FROM upserted
    WHERE created AND period IN ('hour', 'day')
  )
  DELETE FROM "EndpointAttemptStats" x
  USING expiring e
  WHERE x."endpointId" = e."endpointId" AND x.period = e.period AND x.at < e.before;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Attempt_roll_up" AFTER INSERT ON "Attempt"
  REFERENCING NEW TABLE AS new_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION hookyard_roll_up_attempts();

-- An endpoint's rollups go with it (also when its tenant is deleted).
CREATE FUNCTION hookyard_forget_endpoint_stats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "EndpointAttemptStats" s USING old_endpoints e WHERE s."endpointId" = e.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Endpoint_forget_stats" AFTER DELETE ON "Endpoint"
  REFERENCING OLD TABLE AS old_endpoints
  FOR EACH STATEMENT EXECUTE FUNCTION hookyard_forget_endpoint_stats();

-- Backfill: the attempts recorded before this migration, through the same trigger function (a
-- scratch table with the columns it reads and the same trigger), so there is one definition of
-- the rollup.
CREATE TEMP TABLE attempt_backfill ON COMMIT DROP AS
  SELECT "endpointId", "startedAt", "durationMs", succeeded, number FROM "Attempt" WITH NO DATA;
CREATE TRIGGER attempt_backfill_roll_up AFTER INSERT ON attempt_backfill
  REFERENCING NEW TABLE AS new_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION hookyard_roll_up_attempts();
INSERT INTO attempt_backfill SELECT "endpointId", "startedAt", "durationMs", succeeded, number FROM "Attempt";
-- Only live endpoints keep rollups, and old minute and hour rows are not kept (see above).
DELETE FROM "EndpointAttemptStats" s WHERE NOT EXISTS (SELECT 1 FROM "Endpoint" e WHERE e.id = s."endpointId");
DELETE FROM "EndpointAttemptStats" WHERE period = 'minute' AND at < now() AT TIME ZONE 'UTC' - interval '26 hours';
DELETE FROM "EndpointAttemptStats" WHERE period = 'hour' AND at < now() AT TIME ZONE 'UTC' - interval '32 days';
DELETE FROM "AttemptStats" WHERE period = 'minute' AND at < now() AT TIME ZONE 'UTC' - interval '26 hours';

-- The stats routes were the only readers of these two indexes (index review in bench/README.md).
-- DropIndex
DROP INDEX "Attempt_endpointId_startedAt_idx";

-- DropIndex
DROP INDEX "Attempt_tenantId_startedAt_idx";

-- Attempt is insert-only. Vacuum it after 5 % new rows rather than 20 %: each pass then reads a
-- small tail of new pages, keeps the visibility map current and freezes in small steps instead of
-- one anti-wraparound pass over the whole (largest) table later.
ALTER TABLE "Attempt" SET (
  autovacuum_vacuum_insert_scale_factor = 0.05,
  autovacuum_vacuum_insert_threshold = 10000,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_analyze_threshold = 10000
);
