-- Referential integrity of an interval's schedule, set-based. A cleared interval writes one row per
-- participant into positions and participant_results, one per trade into trades, and its grid and
-- battery rows: at 100,000 prosumers about 400,000 rows in one transaction. A row-level foreign key
-- looks each reference up and locks the referenced row one row at a time (about 10 us a reference,
-- 13 references a participant: most of the interval's write time in market.IntervalBenchmark). The
-- same guarantee is kept here per statement, as readings keep theirs (V3): one anti-join over the
-- statement's new rows per reference. The constraints keep their names in the errors they raise.
--
-- Both sides of a reference are covered: a row naming what does not exist is refused, and a
-- referenced row can neither be deleted nor have its key changed. A writer holds a shared advisory
-- lock to the end of its transaction and a delete or key change takes it exclusively before it
-- looks, so neither commits on a check the other has not seen.

CREATE FUNCTION market_references_lock() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext('greenex.market.references')::bigint $$;

-- Child side, FOR EACH STATEMENT with the new rows as new_rows. Arguments in threes: the columns
-- (comma-separated), the referenced table, its columns. A reference with a null column is not checked
-- (MATCH SIMPLE, as a foreign key).
CREATE FUNCTION check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    i        integer := 0;
    cols     text[];
    refcols  text[];
    cond     text;
    present  text;
    shown    text;
    missing  text;
    conname  text;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(market_references_lock());
    WHILE i < TG_NARGS LOOP
        cols := string_to_array(TG_ARGV[i], ',');
        refcols := string_to_array(TG_ARGV[i + 2], ',');
        SELECT string_agg(format('r.%I = n.%I', refcols[k], cols[k]), ' AND '),
               string_agg(format('n.%I IS NOT NULL', cols[k]), ' AND '),
               string_agg(format('n.%I::text', cols[k]), $s$ || ', ' || $s$)
          INTO cond, present, shown
          FROM generate_subscripts(cols, 1) AS k;
        -- Each value once: the rows of a statement mostly name one interval.
        EXECUTE format('SELECT %s FROM (SELECT DISTINCT %s FROM new_rows) n WHERE %s AND NOT EXISTS (SELECT 1 FROM %I r WHERE %s) LIMIT 1',
                       shown, (SELECT string_agg(quote_ident(c), ', ') FROM unnest(cols) AS c), present, TG_ARGV[i + 1], cond)
           INTO missing;
        IF missing IS NOT NULL THEN
            conname := TG_TABLE_NAME || '_' || array_to_string(cols, '_') || '_fkey';
            RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, conname
                USING ERRCODE = 'foreign_key_violation',
                      CONSTRAINT = conname,
                      DETAIL = format('Key (%s)=(%s) is not present in table "%s".', array_to_string(cols, ', '), missing, TG_ARGV[i + 1]);
        END IF;
        i := i + 3;
    END LOOP;
    RETURN NULL;
END $$;

-- Parent side, FOR EACH ROW before a delete or a change of the key. Arguments in threes: the
-- referencing table, its columns, the columns of this table they name (the same key in every three).
-- Rows the market refers to are not deleted in use; where no index leads to the referencing rows the
-- look is a scan, as a row-level foreign key's was.
CREATE FUNCTION keep_referenced_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    i        integer := 0;
    cols     text[];
    refcols  text[];
    cond     text;
    shown    text;
    found_it boolean;
    conname  text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT bool_and((to_jsonb(OLD) -> k) IS NOT DISTINCT FROM (to_jsonb(NEW) -> k)) INTO found_it
          FROM unnest(string_to_array(TG_ARGV[2], ',')) AS k;
        IF found_it THEN
            RETURN NEW;  -- the key is set to what it was
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock(market_references_lock());
    WHILE i < TG_NARGS LOOP
        cols := string_to_array(TG_ARGV[i + 1], ',');
        refcols := string_to_array(TG_ARGV[i + 2], ',');
        SELECT string_agg(format('c.%I = ($1).%I', cols[k], refcols[k]), ' AND '),
               string_agg(format('($1).%I::text', refcols[k]), $s$ || ', ' || $s$)
          INTO cond, shown
          FROM generate_subscripts(cols, 1) AS k;
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I c WHERE %s)', TG_ARGV[i], cond) INTO found_it USING OLD;
        IF found_it THEN
            conname := TG_ARGV[i] || '_' || array_to_string(cols, '_') || '_fkey';
            RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"', TG_TABLE_NAME, conname, TG_ARGV[i]
                USING ERRCODE = 'foreign_key_violation',
                      CONSTRAINT = conname,
                      DETAIL = format('Key (%s) is still referenced from table "%s".', array_to_string(refcols, ', '), TG_ARGV[i]);
        END IF;
        i := i + 3;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

ALTER TABLE positions DROP CONSTRAINT positions_interval_id_fkey,
                      DROP CONSTRAINT positions_participant_id_fkey,
                      DROP CONSTRAINT positions_battery_id_fkey;
ALTER TABLE participant_results DROP CONSTRAINT participant_results_interval_id_fkey,
                                DROP CONSTRAINT participant_results_interval_id_participant_id_fkey;
ALTER TABLE trades DROP CONSTRAINT trades_interval_id_fkey,
                   DROP CONSTRAINT trades_seller_id_fkey,
                   DROP CONSTRAINT trades_buyer_id_fkey;
ALTER TABLE grid_exchanges DROP CONSTRAINT grid_exchanges_interval_id_fkey,
                           DROP CONSTRAINT grid_exchanges_participant_id_fkey;
ALTER TABLE battery_dispatch DROP CONSTRAINT battery_dispatch_interval_id_fkey,
                             DROP CONSTRAINT battery_dispatch_battery_id_fkey,
                             DROP CONSTRAINT battery_dispatch_participant_id_fkey;

-- Child side: on insert and on update (a trigger with transition tables has one event).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('positions', $a$'interval_id', 'trading_intervals', 'id', 'participant_id', 'participants', 'id', 'battery_id', 'batteries', 'id'$a$),
            ('participant_results', $a$'interval_id', 'clearing_results', 'interval_id', 'interval_id,participant_id', 'positions', 'interval_id,participant_id'$a$),
            ('trades', $a$'interval_id', 'clearing_results', 'interval_id', 'seller_id', 'participants', 'id', 'buyer_id', 'participants', 'id'$a$),
            ('grid_exchanges', $a$'interval_id', 'clearing_results', 'interval_id', 'participant_id', 'participants', 'id'$a$),
            ('battery_dispatch', $a$'interval_id', 'clearing_results', 'interval_id', 'battery_id', 'batteries', 'id', 'participant_id', 'participants', 'id'$a$)
        ) AS v(tbl, args) LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_references(%s)',
                       t.tbl || '_references_on_insert', t.tbl, t.args);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_references(%s)',
                       t.tbl || '_references_on_update', t.tbl, t.args);
    END LOOP;
END $$;

-- Parent side: the referenced rows stay while they are referenced.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('trading_intervals', 'id', $a$'positions', 'interval_id', 'id'$a$),
            ('participants', 'id', $a$'positions', 'participant_id', 'id', 'trades', 'seller_id', 'id', 'trades', 'buyer_id', 'id', 'grid_exchanges', 'participant_id', 'id', 'battery_dispatch', 'participant_id', 'id'$a$),
            ('batteries', 'id', $a$'positions', 'battery_id', 'id', 'battery_dispatch', 'battery_id', 'id'$a$),
            ('clearing_results', 'interval_id', $a$'participant_results', 'interval_id', 'interval_id', 'trades', 'interval_id', 'interval_id', 'grid_exchanges', 'interval_id', 'interval_id', 'battery_dispatch', 'interval_id', 'interval_id'$a$),
            ('positions', 'interval_id,participant_id', $a$'participant_results', 'interval_id,participant_id', 'interval_id,participant_id'$a$)
        ) AS v(tbl, keycols, args) LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION keep_referenced_rows(%s)',
                       t.tbl || '_referenced_on_delete', t.tbl, t.args);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF %s ON %I FOR EACH ROW EXECUTE FUNCTION keep_referenced_rows(%s)',
                       t.tbl || '_referenced_on_update', (SELECT string_agg(quote_ident(c), ', ') FROM unnest(string_to_array(t.keycols, ',')) AS c),
                       t.tbl, t.args);
    END LOOP;
END $$;
