-- Market zones (issue 16): every zone clears every interval, independently. A substation is a zone of
-- its own unless it is put in another (several substations may form one zone, by configuration).
-- An interval is a zone's: trading_intervals is keyed by (zone, start); positions, results, trades and
-- settlement hang off the interval row, so they are per zone and interval.

CREATE TABLE market_zones (
    id         text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE substations ADD COLUMN zone_id text REFERENCES market_zones (id);
INSERT INTO market_zones (id, name) SELECT id, name FROM substations;
UPDATE substations SET zone_id = id;

-- A substation added without a zone (a mapping upload, a bridge beside the portal) is a zone of its own.
CREATE FUNCTION substation_default_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.zone_id IS NULL THEN
        INSERT INTO market_zones (id, name) VALUES (NEW.id, NEW.name) ON CONFLICT (id) DO NOTHING;
        NEW.zone_id := NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER substations_default_zone BEFORE INSERT ON substations FOR EACH ROW EXECUTE FUNCTION substation_default_zone();
ALTER TABLE substations ALTER COLUMN zone_id SET NOT NULL;
CREATE INDEX substations_zone ON substations (zone_id);

-- Intervals cleared before zones belonged to the market of the one substation that was bridged (the
-- one with mapped points; SS-01 in the demo, whose applicants' placeholder substation has none); when
-- that cannot be told, to a zone that says so.
ALTER TABLE trading_intervals ADD COLUMN zone_id text REFERENCES market_zones (id);
DO $$
DECLARE
    legacy text;
BEGIN
    IF EXISTS (SELECT 1 FROM trading_intervals) THEN
        SELECT CASE WHEN count(DISTINCT substation_id) = 1 THEN min(substation_id) END INTO legacy FROM points;
        IF legacy IS NULL THEN
            SELECT CASE WHEN count(*) = 1 THEN min(id) END INTO legacy FROM substations;
        END IF;
        IF legacy IS NULL THEN
            INSERT INTO market_zones (id, name) VALUES ('BEFORE-ZONES', 'intervals cleared before market zones');
            legacy := 'BEFORE-ZONES';
        END IF;
        UPDATE trading_intervals SET zone_id = legacy;
    END IF;
END $$;
ALTER TABLE trading_intervals ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE trading_intervals DROP CONSTRAINT trading_intervals_starts_at_key;
ALTER TABLE trading_intervals ADD CONSTRAINT trading_intervals_zone_start UNIQUE (zone_id, starts_at);
CREATE INDEX trading_intervals_start ON trading_intervals (starts_at);
