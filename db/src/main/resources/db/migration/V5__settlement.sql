-- Settlement on the chain: an outbox of batches written with the clearing result, and the green
-- certificates (1 per MWh) with the trades they came from.

CREATE TABLE settlement_batches (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interval_id  bigint      NOT NULL REFERENCES clearing_results (interval_id),
    batch_no     integer     NOT NULL CHECK (batch_no >= 0),
    first_seq    integer     NOT NULL CHECK (first_seq >= 0),
    last_seq     integer     NOT NULL,
    merkle_root  bytea       CHECK (octet_length(merkle_root) = 32),
    state        text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENT', 'CONFIRMED', 'FAILED')),
    tx_hash      bytea       UNIQUE CHECK (octet_length(tx_hash) = 32),
    block_number bigint      CHECK (block_number >= 0),
    attempts     integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (interval_id, batch_no),
    CHECK (last_seq >= first_seq),
    CHECK (state NOT IN ('SENT', 'CONFIRMED') OR tx_hash IS NOT NULL),
    CHECK (state <> 'CONFIRMED' OR block_number IS NOT NULL)
);
CREATE INDEX settlement_batches_open ON settlement_batches (created_at) WHERE state IN ('PENDING', 'SENT');

CREATE TABLE green_certificates (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_serial    bigint      NOT NULL UNIQUE CHECK (token_serial >= 1),
    owner_id        text        NOT NULL REFERENCES participants (id),
    issued_to_id    text        NOT NULL REFERENCES participants (id),
    mwh             integer     NOT NULL DEFAULT 1 CHECK (mwh = 1),
    status          text        NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED', 'TRANSFERRED', 'RETIRED')),
    issued_at       timestamptz NOT NULL DEFAULT now(),
    retired_at      timestamptz,
    tx_hash         bytea       CHECK (octet_length(tx_hash) = 32),
    CHECK ((status = 'RETIRED') = (retired_at IS NOT NULL))
);
CREATE INDEX green_certificates_owner ON green_certificates (owner_id);

-- Which trades (and how much of each) make up a certificate; a trade's energy is used at most once.
CREATE TABLE certificate_sources (
    certificate_id bigint         NOT NULL REFERENCES green_certificates (id),
    trade_id       bigint         NOT NULL REFERENCES trades (id),
    energy_kwh     numeric(18, 6) NOT NULL CHECK (energy_kwh > 0),
    PRIMARY KEY (certificate_id, trade_id)
);
CREATE INDEX certificate_sources_trade ON certificate_sources (trade_id);
