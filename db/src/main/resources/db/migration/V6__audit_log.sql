-- The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and hash-chained:
-- each row holds the SHA-256 of the previous row's hash and its own content, so a changed, removed
-- or inserted row breaks the chain and audit_verify() names the first row where it breaks.

CREATE TABLE audit_log (
    seq       bigint      PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL CHECK (length(actor) > 0),
    action    text        NOT NULL CHECK (length(action) > 0),
    subject   text        NOT NULL DEFAULT '',
    details   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash      bytea       NOT NULL CHECK (octet_length(hash) = 32)
);

-- One row: the head of the chain. Locking it serialises appends so the chain never forks.
CREATE TABLE audit_chain_head (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint  NOT NULL,
    hash     bytea   NOT NULL
);
INSERT INTO audit_chain_head VALUES (true, 0, decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_row_digest(prev bytea, seq bigint, at timestamptz, actor text, action text,
                                 subject text, details jsonb) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(prev || convert_to(
        seq::text || E'\x1f' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\x1f' ||
        actor || E'\x1f' || action || E'\x1f' || subject || E'\x1f' || details::text, 'UTF8'))
$$;

CREATE FUNCTION audit_chain_append() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
    NEW.seq := head.last_seq + 1;
    NEW.at := coalesce(NEW.at, now());
    NEW.prev_hash := head.hash;
    NEW.hash := audit_row_digest(head.hash, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.subject, NEW.details);
    UPDATE audit_chain_head SET last_seq = NEW.seq, hash = NEW.hash WHERE id;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Walks the chain; returns one row per problem found (none when the log is intact).
CREATE FUNCTION audit_verify() RETURNS TABLE (seq bigint, problem text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r         audit_log%ROWTYPE;
    expected  bytea := decode(repeat('00', 32), 'hex');
    next_seq  bigint := 1;
    head      audit_chain_head%ROWTYPE;
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
END $$;
