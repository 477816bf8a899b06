-- A participant's result (its final quote, rank, market energy and amount) goes on its position row,
-- not on a row of its own in participant_results. The two were always written together, one of each
-- per participant in the clearing's transaction, and always read together (a position left-joined to
-- its result); at 100,000 prosumers the second table was a second 100,000-row write, index and
-- reference check in every interval: 0.4-0.5 s of the 2.5-3 s the clearing spent writing.
--
-- The guarantees stay: a position's result names its interval's clearing result (result_interval_id,
-- the interval when the result is set, checked as a reference like the others, V20), and a clearing
-- result is not deleted while a position's result refers to it. A position without a result (its
-- interval not cleared) has none of the four.

ALTER TABLE positions
    ADD COLUMN final_quote        numeric(12, 6),
    ADD COLUMN rank               integer         CHECK (rank >= 1),
    ADD COLUMN market_kwh         numeric(18, 6)  CHECK (market_kwh >= 0),
    ADD COLUMN market_amount      numeric(30, 12) CHECK (market_amount >= 0),
    ADD COLUMN result_interval_id bigint GENERATED ALWAYS AS (CASE WHEN market_kwh IS NULL THEN NULL ELSE interval_id END) STORED,
    ADD CONSTRAINT positions_result_whole
        CHECK ((market_kwh IS NULL) = (market_amount IS NULL) AND (market_kwh IS NOT NULL OR (final_quote IS NULL AND rank IS NULL)));

DROP TRIGGER positions_references_on_insert ON positions;
DROP TRIGGER positions_references_on_update ON positions;
CREATE TRIGGER positions_references_on_insert AFTER INSERT ON positions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION check_references('interval_id', 'trading_intervals', 'id', 'participant_id', 'participants', 'id',
                                                         'battery_id', 'batteries', 'id', 'result_interval_id', 'clearing_results', 'interval_id');
CREATE TRIGGER positions_references_on_update AFTER UPDATE ON positions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION check_references('interval_id', 'trading_intervals', 'id', 'participant_id', 'participants', 'id',
                                                         'battery_id', 'batteries', 'id', 'result_interval_id', 'clearing_results', 'interval_id');

UPDATE positions p
   SET final_quote = r.final_quote, rank = r.rank, market_kwh = r.market_kwh, market_amount = r.market_amount
  FROM participant_results r
 WHERE r.interval_id = p.interval_id AND r.participant_id = p.participant_id;

-- Nothing refers to a position any more but a quote (a foreign key of its own): the guard V20 gave
-- positions for participant_results goes with it; the clearing result's guard names the positions.
DROP TRIGGER positions_referenced_on_delete ON positions;
DROP TRIGGER positions_referenced_on_update ON positions;
DROP TRIGGER clearing_results_referenced_on_delete ON clearing_results;
DROP TRIGGER clearing_results_referenced_on_update ON clearing_results;
CREATE TRIGGER clearing_results_referenced_on_delete BEFORE DELETE ON clearing_results
    FOR EACH ROW EXECUTE FUNCTION keep_referenced_rows('positions', 'result_interval_id', 'interval_id', 'trades', 'interval_id', 'interval_id',
                                                       'grid_exchanges', 'interval_id', 'interval_id', 'battery_dispatch', 'interval_id', 'interval_id');
CREATE TRIGGER clearing_results_referenced_on_update BEFORE UPDATE OF interval_id ON clearing_results
    FOR EACH ROW EXECUTE FUNCTION keep_referenced_rows('positions', 'result_interval_id', 'interval_id', 'trades', 'interval_id', 'interval_id',
                                                       'grid_exchanges', 'interval_id', 'interval_id', 'battery_dispatch', 'interval_id', 'interval_id');

DROP TABLE participant_results;
