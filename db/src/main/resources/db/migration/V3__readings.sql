-- Readings: every value the bridge received, with the OPC UA source and server timestamps and status
-- code. Partitioned by day of source time; re-ingesting the same (point, source time) is a no-op.

CREATE TABLE readings (
    point_id    bigint         NOT NULL,  -- references points (id): checked per statement, see below
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

-- Creates the daily partitions covering [from_day, to_day]; idempotent and safe to call from several
-- sessions at once: creators of one day queue on an advisory lock, and CREATE ... IF NOT EXISTS then
-- sees the table the first one committed. Call it in a transaction of its own: creating a partition
-- waits for open inserts into readings, and the lock is held to the end of the transaction.
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
            PERFORM pg_advisory_xact_lock(hashtext('greenex.readings.partition'), hashtext(name));
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamptz, (d + 1)::timestamptz);
            created := created + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END $$;

-- The newest reading per point, kept by the writer (upsert only when newer): "latest value of
-- 10,000 points" reads 10,000 rows instead of probing every day partition per point.
CREATE TABLE latest_readings (
    point_id    bigint         PRIMARY KEY,  -- references points (id): checked per statement, see below
    source_time timestamptz    NOT NULL,
    server_time timestamptz,
    value       numeric(20, 6),
    status_code bigint         NOT NULL,
    received_at timestamptz    NOT NULL
) WITH (fillfactor = 50);  -- room for HOT updates: every batch rewrites most rows

-- Referential integrity of readings, set-based: a row-level foreign key costs a lookup per reading
-- (a quarter of the ingest rate in ReadingStoreBenchmark); one anti-join per statement over the
-- statement's new rows keeps the same guarantee. Points that have readings cannot be deleted.
CREATE FUNCTION readings_refer_to_points() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT n.point_id INTO missing FROM new_rows n
     WHERE NOT EXISTS (SELECT 1 FROM points p WHERE p.id = n.point_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert into %: point % does not exist (table points)', TG_TABLE_NAME, missing
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_point_id_fkey';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER readings_point_id_fkey AFTER INSERT ON readings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION readings_refer_to_points();
CREATE TRIGGER latest_readings_point_id_fkey AFTER INSERT ON latest_readings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION readings_refer_to_points();

CREATE FUNCTION points_keep_their_readings() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM readings WHERE point_id = OLD.id) OR EXISTS (SELECT 1 FROM latest_readings WHERE point_id = OLD.id) THEN
        RAISE EXCEPTION 'point % has readings and cannot be deleted', OLD.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'readings_point_id_fkey';
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER points_keep_their_readings BEFORE DELETE ON points
    FOR EACH ROW EXECUTE FUNCTION points_keep_their_readings();
