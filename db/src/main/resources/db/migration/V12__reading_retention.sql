-- Raw readings are kept for a configured number of days (the portal's greenex.readings.raw-retention);
-- before a day's partition is dropped its readings are rolled up into 15-minute aggregates per point,
-- kept as long as the market's own records (positions, deliveries, trades are never dropped). Dropping
-- a whole day is instant and leaves no bloat, unlike DELETE.

CREATE TABLE readings_15m (
    point_id     bigint         NOT NULL,
    bucket_start timestamptz    NOT NULL CHECK (extract(epoch FROM bucket_start)::bigint % 900 = 0),
    samples      integer        NOT NULL CHECK (samples > 0),
    bad_samples  integer        NOT NULL CHECK (bad_samples >= 0 AND bad_samples <= samples),
    avg_value    numeric(20, 6),
    min_value    numeric(20, 6),
    max_value    numeric(20, 6),
    last_value   numeric(20, 6),
    PRIMARY KEY (point_id, bucket_start)
);

-- Rolls up and drops every day partition older than keep_days (days cut in UTC, as the partitions are);
-- one caller at a time. Returns the days dropped.
CREATE FUNCTION retire_reading_partitions(keep_days integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    p       record;
    day     date;
    dropped integer := 0;
BEGIN
    IF keep_days < 1 THEN
        RAISE EXCEPTION 'keep_days must be at least 1, got %', keep_days;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('greenex.readings.retire'));
    FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent
              WHERE parent.relname = 'readings' AND c.relname ~ '^readings_[0-9]{8}$' ORDER BY c.relname LOOP
        day := to_date(substr(p.relname, 10), 'YYYYMMDD');
        CONTINUE WHEN day >= (now() AT TIME ZONE 'UTC')::date - keep_days;
        EXECUTE format($q$
            INSERT INTO readings_15m (point_id, bucket_start, samples, bad_samples, avg_value, min_value, max_value, last_value)
            SELECT point_id, to_timestamp(floor(extract(epoch FROM source_time) / 900) * 900) AS bucket, count(*),
                   count(*) FILTER (WHERE status_code >> 30 >= 2),
                   round(avg(value) FILTER (WHERE status_code >> 30 = 0), 6), min(value) FILTER (WHERE status_code >> 30 = 0),
                   max(value) FILTER (WHERE status_code >> 30 = 0),
                   (array_agg(value ORDER BY source_time DESC) FILTER (WHERE status_code >> 30 = 0))[1]
              FROM %I GROUP BY point_id, bucket
            ON CONFLICT (point_id, bucket_start) DO NOTHING$q$, p.relname);
        EXECUTE format('DROP TABLE %I', p.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;
