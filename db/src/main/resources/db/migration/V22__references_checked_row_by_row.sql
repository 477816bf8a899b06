-- The set-based reference check (V20) looked each distinct value of a statement's new rows up once.
-- That pays where the rows share a value (an interval's 100,000 rows name one interval): one lookup.
-- Where each row names its own (a participant, a battery), finding the distinct values first is a
-- hash of every row for nothing, and the planner, guessing 200 distinct values, could not choose
-- well either: at 100,000 prosumers about a quarter of the interval's reference checks. Now a
-- reference of number columns (an interval, a trade) is looked up per distinct value, one of text
-- columns per row. The guarantee, the errors and the lock are those of V20.
CREATE OR REPLACE FUNCTION check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    i        integer := 0;
    cols     text[];
    refcols  text[];
    cond     text;
    present  text;
    shown    text;
    shared   boolean;
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
        SELECT bool_and(a.atttypid IN ('bigint'::regtype, 'integer'::regtype)) INTO shared
          FROM pg_attribute a WHERE a.attrelid = TG_RELID AND a.attname = ANY (cols);
        IF shared THEN
            EXECUTE format('SELECT %s FROM (SELECT DISTINCT %s FROM new_rows) n WHERE %s AND NOT EXISTS (SELECT 1 FROM %I r WHERE %s) LIMIT 1',
                           shown, (SELECT string_agg(quote_ident(c), ', ') FROM unnest(cols) AS c), present, TG_ARGV[i + 1], cond)
               INTO missing;
        ELSE
            EXECUTE format('SELECT %s FROM new_rows n WHERE %s AND NOT EXISTS (SELECT 1 FROM %I r WHERE %s) LIMIT 1',
                           shown, present, TG_ARGV[i + 1], cond)
               INTO missing;
        END IF;
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
