-- Readings: every value the bridge received, with the OPC UA source and server timestamps and status
-- code. Partitioned by day of source time; re-ingesting the same (point, source time) is a no-op.

CREATE TABLE readings (
    point_id    bigint         NOT NULL REFERENCES points (id),
    source_time timestamptz    NOT NULL,
    server_time timestamptz,
    value       numeric(20, 6),
    -- OPC UA StatusCode (Part 4, 7.39) as its unsigned 32-bit value; the top two bits give the severity.
    status_code bigint         NOT NULL CHECK (status_code BETWEEN 0 AND 4294967295),
    quality     text           GENERATED ALWAYS AS (
                    CASE (status_code >> 30)
                        WHEN 0 THEN 'GOOD'
                        WHEN 1 THEN 'UNCERTAIN'
                        ELSE 'BAD'
                    END) STORED,
    received_at timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (point_id, source_time),
    -- A good value must carry a number; a bad one may not have any.
    CHECK (status_code >> 30 <> 0 OR value IS NOT NULL)
) PARTITION BY RANGE (source_time);

-- Rows outside every day partition land here rather than being lost; partitions are made ahead.
CREATE TABLE readings_default PARTITION OF readings DEFAULT;

-- Creates the daily partitions covering [from_day, to_day]; idempotent.
CREATE FUNCTION ensure_reading_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    d       date := from_day;
    created integer := 0;
    name    text;
BEGIN
    WHILE d <= to_day LOOP
        name := 'readings_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            -- Serialise concurrent creators of the same day.
            PERFORM pg_advisory_xact_lock(hashtext(name));
            IF to_regclass(name) IS NULL THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
                               name, d::timestamptz, (d + 1)::timestamptz);
                created := created + 1;
            END IF;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END $$;

-- The newest reading per point, kept by the writer (upsert only when newer): "latest value of
-- 10,000 points" reads 10,000 rows instead of probing every day partition per point.
CREATE TABLE latest_readings (
    point_id    bigint         PRIMARY KEY REFERENCES points (id),
    source_time timestamptz    NOT NULL,
    server_time timestamptz,
    value       numeric(20, 6),
    status_code bigint         NOT NULL,
    received_at timestamptz    NOT NULL
);
