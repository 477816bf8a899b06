-- Least privilege (issue 14): the application connects as a role that owns nothing (greenex_app, its
-- rights granted by afterMigrate.sql); the few things it needs the owner's rights for run as the owner
-- (SECURITY DEFINER, with a fixed search_path): creating and dropping reading partitions, and moving
-- the audit chain's head. An audit row's time is the database's, never the writer's.

ALTER FUNCTION ensure_reading_partitions(date, date) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION retire_reading_partitions(integer) SECURITY DEFINER SET search_path = public, pg_temp;

CREATE OR REPLACE FUNCTION audit_chain_append() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
    NEW.seq := head.last_seq + 1;
    NEW.at := now();
    NEW.prev_hash := head.hash;
    NEW.hash := audit_row_digest(head.hash, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.subject, NEW.details);
    UPDATE audit_chain_head SET last_seq = NEW.seq, hash = NEW.hash WHERE id;
    RETURN NEW;
END $$;

-- The audit chain's head as anchored on the settlement chain (GreenexSettlement.anchorAudit), every
-- interval: even the database's owner cannot rewrite the log up to an anchor without the chain showing it.
CREATE TABLE audit_anchors (
    seq          bigint      PRIMARY KEY CHECK (seq >= 1),
    hash         bytea       NOT NULL CHECK (octet_length(hash) = 32),
    chain_id     bigint      NOT NULL,
    tx_hash      bytea       NOT NULL UNIQUE CHECK (octet_length(tx_hash) = 32),
    block_number bigint      NOT NULL CHECK (block_number >= 0),
    anchored_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

-- The chain check, now also against the anchors recorded: an anchored row whose hash differs was rewritten.
CREATE OR REPLACE FUNCTION audit_verify() RETURNS TABLE (seq bigint, problem text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r         audit_log%ROWTYPE;
    a         audit_anchors%ROWTYPE;
    expected  bytea := decode(repeat('00', 32), 'hex');
    next_seq  bigint := 1;
    head      audit_chain_head%ROWTYPE;
    logged    bytea;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY audit_log.seq LOOP
        IF r.seq <> next_seq THEN
            seq := next_seq; problem := 'row ' || next_seq || ' is missing'; RETURN NEXT;
        END IF;
        IF r.prev_hash <> expected THEN
            seq := r.seq; problem := 'prev_hash does not match the hash of the row before'; RETURN NEXT;
        END IF;
        IF r.hash <> audit_row_digest(r.prev_hash, r.seq, r.at, r.actor, r.action, r.subject, r.details) THEN
            seq := r.seq; problem := 'content does not match its hash (the row was changed)'; RETURN NEXT;
        END IF;
        expected := r.hash;
        next_seq := r.seq + 1;
    END LOOP;
    SELECT * INTO head FROM audit_chain_head WHERE id;
    IF head.last_seq <> next_seq - 1 OR head.hash <> expected THEN
        seq := head.last_seq; problem := 'the chain head does not match the last row (rows were removed at the end)'; RETURN NEXT;
    END IF;
    FOR a IN SELECT * FROM audit_anchors ORDER BY audit_anchors.seq LOOP
        SELECT l.hash INTO logged FROM audit_log l WHERE l.seq = a.seq;
        IF logged IS NULL OR logged <> a.hash THEN
            seq := a.seq; problem := 'the row differs from its anchor on chain (tx 0x' || encode(a.tx_hash, 'hex') || '): the log was rewritten';
            RETURN NEXT;
        END IF;
    END LOOP;
END $$;
