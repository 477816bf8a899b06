-- The market becomes a schedule (issue 13): an interval is cleared at gate closure, before it is
-- delivered; its battery setpoints are written over OPC UA; the meters then confirm what was
-- delivered and deviations are settled at the grid's prices.

-- The interval's life: OPEN → GATE_CLOSED → CLEARED → DISPATCHED → DELIVERING → METERED → SETTLED, or FAILED.
ALTER TABLE trading_intervals DROP CONSTRAINT trading_intervals_status_check;
DROP INDEX trading_intervals_status;
-- Intervals of the version before, cleared after delivery on metered energy: what was still open
-- cannot be scheduled any more; what was cleared waits for its settlement as metered.
UPDATE trading_intervals SET status = 'FAILED',
       failure_reason = 'left ' || status || ' by the version that cleared after delivery; not scheduled'
 WHERE status IN ('COLLECTING', 'CLEARING');
UPDATE trading_intervals SET status = 'METERED' WHERE status IN ('CLEARED', 'SETTLING');
ALTER TABLE trading_intervals ALTER COLUMN status SET DEFAULT 'OPEN';
ALTER TABLE trading_intervals ADD CONSTRAINT trading_intervals_status_check
    CHECK (status IN ('OPEN', 'GATE_CLOSED', 'CLEARED', 'DISPATCHED', 'DELIVERING', 'METERED', 'SETTLED', 'FAILED'));
CREATE INDEX trading_intervals_status ON trading_intervals (status) WHERE status NOT IN ('SETTLED', 'FAILED');
ALTER TABLE trading_intervals ADD COLUMN gate_closes_at timestamptz;
UPDATE trading_intervals SET gate_closes_at = starts_at;
ALTER TABLE trading_intervals ALTER COLUMN gate_closes_at SET NOT NULL;
-- An interval written without its gate closure (a tool, an import) closes at its start: no lead.
CREATE FUNCTION trading_intervals_gate_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.gate_closes_at IS NULL THEN
        NEW.gate_closes_at := NEW.starts_at;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER trading_intervals_gate_default BEFORE INSERT ON trading_intervals
    FOR EACH ROW EXECUTE FUNCTION trading_intervals_gate_default();
ALTER TABLE trading_intervals ADD CONSTRAINT trading_intervals_gate_before_start CHECK (gate_closes_at <= starts_at);

-- What a battery can do: power limits and round-trip efficiency beside the SOC limits of V1.
ALTER TABLE batteries ADD COLUMN max_charge_kw numeric(12, 3) CHECK (max_charge_kw >= 0);
ALTER TABLE batteries ADD COLUMN max_discharge_kw numeric(12, 3) CHECK (max_discharge_kw >= 0);
ALTER TABLE batteries ADD COLUMN round_trip_efficiency numeric(4, 3) NOT NULL DEFAULT 1
    CHECK (round_trip_efficiency > 0 AND round_trip_efficiency <= 1);

-- The new points: PV, load and battery power, the battery's limits (read) and its setpoint (written).
ALTER TABLE points DROP CONSTRAINT points_quantity_check;
ALTER TABLE points DROP CONSTRAINT points_check1;
ALTER TABLE points ADD CONSTRAINT points_quantity_check CHECK (quantity IN ('ACTIVE_POWER_KW', 'ENERGY_IMPORT_KWH', 'ENERGY_EXPORT_KWH',
    'PV_POWER_KW', 'LOAD_POWER_KW', 'SOC_PERCENT', 'BATTERY_POWER_KW', 'BATTERY_SETPOINT_KW', 'BATTERY_MAX_CHARGE_KW',
    'BATTERY_MAX_DISCHARGE_KW'));
ALTER TABLE points ADD CONSTRAINT points_battery_quantity CHECK ((quantity IN ('SOC_PERCENT', 'BATTERY_POWER_KW', 'BATTERY_SETPOINT_KW',
    'BATTERY_MAX_CHARGE_KW', 'BATTERY_MAX_DISCHARGE_KW')) = (battery_id IS NOT NULL));

-- A participant's own forecast from its trading client: its expected surplus (+) or deficit (-) for
-- the interval before its battery, accepted until gate closure.
CREATE TABLE forecasts (
    participant_id text           NOT NULL REFERENCES participants (id),
    starts_at      timestamptz    NOT NULL,
    energy_kwh     numeric(18, 6) NOT NULL,
    submitted_at   timestamptz    NOT NULL DEFAULT now(),
    submitted_by   text           NOT NULL,
    PRIMARY KEY (participant_id, starts_at)
);

-- The position at gate closure: where it came from, and (after delivery) what was metered before the battery.
ALTER TABLE positions ADD COLUMN forecast_source text NOT NULL DEFAULT 'METERED' CHECK (forecast_source IN ('METERED', 'PLATFORM', 'PARTICIPANT'));
ALTER TABLE positions ADD COLUMN actual_kwh numeric(18, 6);

-- Each battery's setpoint for the interval, as written over OPC UA and read back.
CREATE TABLE battery_setpoints (
    interval_id  bigint         NOT NULL REFERENCES trading_intervals (id),
    battery_id   text           NOT NULL REFERENCES batteries (id),
    participant_id text         NOT NULL REFERENCES participants (id),
    setpoint_kw  numeric(12, 3) NOT NULL,
    outcome      text           NOT NULL CHECK (outcome IN ('WRITTEN', 'REFUSED', 'NO_SETPOINT_POINT', 'NOT_CONNECTED', 'TOO_LATE')),
    detail       text,
    read_back_kw numeric(12, 3),
    written_at   timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (interval_id, battery_id)
);

-- Delivery, per participant: the schedule at the meter (market + grid; export +, import -) against
-- what the meters say, the deviation settled at the grid's prices, and whether the battery followed.
CREATE TABLE deliveries (
    interval_id           bigint          NOT NULL REFERENCES trading_intervals (id),
    participant_id        text            NOT NULL REFERENCES participants (id),
    scheduled_kwh         numeric(18, 6)  NOT NULL,
    metered_kwh           numeric(18, 6)  NOT NULL,
    deviation_kwh         numeric(18, 6)  NOT NULL,
    price                 numeric(12, 6)  NOT NULL CHECK (price >= 0),
    amount                numeric(30, 12) NOT NULL,
    battery_scheduled_kwh numeric(18, 6),
    battery_metered_kwh   numeric(18, 6),
    battery_followed      boolean,
    PRIMARY KEY (interval_id, participant_id),
    CHECK (deviation_kwh = metered_kwh - scheduled_kwh),
    CHECK (amount = price * deviation_kwh)
);

-- A trade's energy the seller's meter confirmed (null until metered); certificates count only it.
ALTER TABLE trades ADD COLUMN delivered_kwh numeric(18, 6) CHECK (delivered_kwh >= 0 AND delivered_kwh <= energy_kwh);
