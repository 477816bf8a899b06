-- Hardening (issue 14): intervals the market could not schedule because it was down are MISSED with
-- the reason, a settlement batch the chain lost is re-opened and counted, and a trade's energy is
-- never in certificates more than once.

-- MISSED: the market was down (or the interval had no row) when its gate closed; the reason is kept.
ALTER TABLE trading_intervals DROP CONSTRAINT trading_intervals_status_check;
ALTER TABLE trading_intervals ADD CONSTRAINT trading_intervals_status_check
    CHECK (status IN ('OPEN', 'GATE_CLOSED', 'CLEARED', 'DISPATCHED', 'DELIVERING', 'METERED', 'SETTLED', 'FAILED', 'MISSED'));
ALTER TABLE trading_intervals DROP CONSTRAINT trading_intervals_check1;
ALTER TABLE trading_intervals ADD CONSTRAINT trading_intervals_reason_check
    CHECK ((status IN ('FAILED', 'MISSED')) = (failure_reason IS NOT NULL));
DROP INDEX trading_intervals_status;
CREATE INDEX trading_intervals_status ON trading_intervals (status) WHERE status NOT IN ('SETTLED', 'FAILED', 'MISSED');

-- A batch the database held as confirmed but the chain no longer has (a development chain that came
-- back from an older state, a reorganisation): re-opened as PENDING and settled again; counted here.
ALTER TABLE settlement_batches ADD COLUMN lost_count integer NOT NULL DEFAULT 0 CHECK (lost_count >= 0);
ALTER TABLE settlement_batches ADD COLUMN last_lost_at timestamptz;
ALTER TABLE settlement_batches ADD CONSTRAINT settlement_batches_lost_check CHECK ((lost_count = 0) = (last_lost_at IS NULL));

-- A trade's energy in certificates never exceeds what its seller's meter confirmed: checked at commit,
-- whichever instance or statement wrote the sources.
CREATE FUNCTION certificate_sources_within_trade() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    used      numeric;
    delivered numeric;
BEGIN
    SELECT coalesce(sum(energy_kwh), 0) INTO used FROM certificate_sources WHERE trade_id = NEW.trade_id;
    SELECT coalesce(delivered_kwh, 0) INTO delivered FROM trades WHERE id = NEW.trade_id;
    IF used > delivered THEN
        RAISE EXCEPTION 'trade %: % kWh in certificates but only % kWh delivered (certified twice?)', NEW.trade_id, used, delivered
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER certificate_sources_within_trade AFTER INSERT OR UPDATE ON certificate_sources
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION certificate_sources_within_trade();
