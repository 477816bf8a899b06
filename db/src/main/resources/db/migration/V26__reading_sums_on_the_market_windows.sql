-- The readings' running sums (V21) on the market's own windows instead of five-minute buckets. A gate
-- closure reads each point's mean and last good value over [gate - L, gate): with buckets of five
-- minutes that window was three rows a point, sorted and aggregated per point at every gate (at
-- 100,000 prosumers 900,000 rows, 1.3-1.7 s of the clearing on two cores). With buckets as wide as
-- the interval (L) and laid where the windows lie (gate closures are the interval starts less the
-- gate lead), a window is one bucket: one row a point, read as it is stored.
--
-- The grid is one row, set by the market at start (set_reading_sum_grid: the interval length and the
-- gate lead). A change of grid holds back the writers (the trigger takes the grid's lock shared),
-- takes effect for readings written from then on, and is recorded with the time from which its
-- buckets hold every reading (since: a minute after the change, for readings stamped a little ahead
-- of the database's clock): a window is read from the sums only when it starts at or after since, on
-- the grid, and spans whole buckets; any other window is read from the readings themselves, as
-- before. Buckets at or after since laid before the change (readings stamped further ahead) go.

CREATE TABLE reading_sum_grid (
    one    boolean     PRIMARY KEY DEFAULT true CHECK (one),
    width  interval    NOT NULL CHECK (width >= interval '1 second' AND width <= interval '1 day'),
    origin timestamptz NOT NULL,
    since  timestamptz NOT NULL
);
-- The five-minute buckets of V21 are the grid until the market sets its own; V21 summed the day
-- before it.
INSERT INTO reading_sum_grid (width, origin, since)
SELECT interval '5 minutes', timestamptz '2000-01-01 00:00Z',
       coalesce((SELECT min(bucket_start) FROM reading_sums), now());

ALTER TABLE reading_sums DROP CONSTRAINT reading_sums_bucket_start_check;

CREATE FUNCTION reading_sum_grid_lock() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext('greenex.reading_sum_grid')::bigint $$;

CREATE OR REPLACE FUNCTION add_reading_sums() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    g reading_sum_grid;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(reading_sum_grid_lock());
    SELECT * INTO STRICT g FROM reading_sum_grid;
    INSERT INTO reading_sums AS s (bucket_start, point_id, samples, total, last_time, last_value)
    SELECT date_bin(g.width, n.source_time, g.origin) AS bucket, n.point_id, count(*), sum(n.value),
           max(n.source_time), (array_agg(n.value ORDER BY n.source_time DESC))[1]
      FROM new_rows n
     WHERE n.status_code >> 30 = 0
     GROUP BY bucket, n.point_id
     ORDER BY bucket, n.point_id
    ON CONFLICT (bucket_start, point_id) DO UPDATE
       SET samples = s.samples + excluded.samples,
           total = s.total + excluded.total,
           last_time = greatest(s.last_time, excluded.last_time),
           last_value = CASE WHEN excluded.last_time > s.last_time THEN excluded.last_value ELSE s.last_value END;
    RETURN NULL;
END $$;

-- The market's grid: buckets of new_width laid from new_origin. Returns whether it changed.
CREATE FUNCTION set_reading_sum_grid(new_width interval, new_origin timestamptz) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    g reading_sum_grid;
    t timestamptz := clock_timestamp();
BEGIN
    IF new_width IS NULL OR new_width < interval '1 second' OR new_width > interval '1 day' THEN
        RAISE EXCEPTION 'the readings'' sums need buckets of 1 second to 1 day, not %', new_width USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF new_origin IS NULL THEN
        RAISE EXCEPTION 'the readings'' sums need an origin for their buckets' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO STRICT g FROM reading_sum_grid;
    IF g.width = new_width AND date_bin(new_width, g.origin, new_origin) = g.origin THEN
        RETURN false;  -- the same grid (its origin given by another bucket's start)
    END IF;
    PERFORM pg_advisory_xact_lock(reading_sum_grid_lock());  -- the writers' statements before this one are committed
    UPDATE reading_sum_grid SET width = new_width, origin = new_origin, since = t + interval '1 minute';
    DELETE FROM reading_sums WHERE bucket_start >= t + interval '1 minute';
    RETURN true;
END $$;
