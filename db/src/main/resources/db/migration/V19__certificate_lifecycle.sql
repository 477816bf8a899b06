-- Green certificates for their whole life: transferred (to another participant, or out of the
-- platform to an external account when allowed), retired (claimed) for a beneficiary, a purpose and a
-- consumption period, revoked by the regulator with a reason, expired after their validity. A
-- certificate's energy is what the chain's contract states (1,000 kWh; a demonstration may deploy a
-- smaller size). Every change is an event: the certificate's history and the regulator's summary.

ALTER TABLE green_certificates DROP CONSTRAINT green_certificates_check;
ALTER TABLE green_certificates DROP CONSTRAINT green_certificates_status_check;
ALTER TABLE green_certificates DROP COLUMN mwh;
ALTER TABLE green_certificates
    ADD COLUMN energy_kwh    numeric(18, 6) NOT NULL DEFAULT 1000 CHECK (energy_kwh > 0),
    ADD COLUMN expires_at    timestamptz,
    ADD COLUMN holder_address text CHECK (holder_address ~ '^0x[0-9a-fA-F]{40}$'),
    ADD COLUMN beneficiary   text CHECK (length(beneficiary) BETWEEN 1 AND 200),
    ADD COLUMN purpose       text CHECK (length(purpose) BETWEEN 1 AND 200),
    ADD COLUMN period_from   date,
    ADD COLUMN period_to     date,
    ADD COLUMN retired_by    text,
    ADD COLUMN revoked_at    timestamptz,
    ADD COLUMN revoked_by    text,
    ADD COLUMN revoke_reason text CHECK (length(revoke_reason) BETWEEN 1 AND 500),
    ADD COLUMN expired_at    timestamptz;
ALTER TABLE green_certificates ALTER COLUMN energy_kwh DROP DEFAULT;
UPDATE green_certificates SET expires_at = issued_at + interval '1 year';
ALTER TABLE green_certificates ALTER COLUMN expires_at SET NOT NULL;
-- Held by a participant (owner_id), or by an external account after a transfer out of the platform.
ALTER TABLE green_certificates ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE green_certificates
    ADD CONSTRAINT green_certificates_status_check CHECK (status IN ('ISSUED', 'TRANSFERRED', 'RETIRED', 'REVOKED', 'EXPIRED')),
    ADD CONSTRAINT green_certificates_holder CHECK ((owner_id IS NULL) <> (holder_address IS NULL)),
    ADD CONSTRAINT green_certificates_retired CHECK ((status = 'RETIRED') = (retired_at IS NOT NULL)),
    ADD CONSTRAINT green_certificates_claim CHECK (retired_at IS NULL OR beneficiary IS NULL
        OR (purpose IS NOT NULL AND period_from IS NOT NULL AND period_to IS NOT NULL AND period_from <= period_to)),
    ADD CONSTRAINT green_certificates_revoked CHECK ((status = 'REVOKED') = (revoked_at IS NOT NULL AND revoke_reason IS NOT NULL AND revoked_by IS NOT NULL)),
    ADD CONSTRAINT green_certificates_expired CHECK ((status = 'EXPIRED') = (expired_at IS NOT NULL)),
    ADD CONSTRAINT green_certificates_expiry CHECK (expires_at > issued_at);
CREATE INDEX green_certificates_holder_address ON green_certificates (holder_address) WHERE holder_address IS NOT NULL;
CREATE INDEX green_certificates_live_expiry ON green_certificates (expires_at) WHERE status IN ('ISSUED', 'TRANSFERRED');

CREATE TABLE certificate_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certificate_id bigint      NOT NULL REFERENCES green_certificates (id),
    kind           text        NOT NULL CHECK (kind IN ('ISSUED', 'TRANSFERRED', 'RETIRED', 'REVOKED', 'EXPIRED')),
    from_id        text        REFERENCES participants (id),
    to_id          text        REFERENCES participants (id),
    to_address     text        CHECK (to_address ~ '^0x[0-9a-fA-F]{40}$'),
    actor          text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    detail         text,
    tx_hash        bytea       CHECK (octet_length(tx_hash) = 32),
    at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_events_certificate ON certificate_events (certificate_id, id);
CREATE INDEX certificate_events_at ON certificate_events (at);
INSERT INTO certificate_events (certificate_id, kind, to_id, actor, tx_hash, at)
SELECT id, 'ISSUED', issued_to_id, 'market', tx_hash, issued_at FROM green_certificates;
INSERT INTO certificate_events (certificate_id, kind, from_id, actor, at)
SELECT id, 'RETIRED', owner_id, 'holder', retired_at FROM green_certificates WHERE status = 'RETIRED';
