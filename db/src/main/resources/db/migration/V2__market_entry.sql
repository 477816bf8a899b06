-- Market entry: applications, the regulator's review with the rule verdicts behind it, delistings.

CREATE TABLE market_entry_applications (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id           text           NOT NULL REFERENCES participants (id),
    capacity_kw              numeric(12, 3) NOT NULL CHECK (capacity_kw > 0),
    voltage_level            text           NOT NULL,
    meter_id                 text           REFERENCES meters (id),
    trading_client_installed boolean        NOT NULL,
    submitted_at             timestamptz    NOT NULL DEFAULT now(),
    status                   text           NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED'))
);
CREATE INDEX market_entry_applications_pending ON market_entry_applications (submitted_at) WHERE status = 'PENDING';

CREATE TABLE application_reviews (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint      NOT NULL UNIQUE REFERENCES market_entry_applications (id),
    decision       text        NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
    reviewer_id    bigint      NOT NULL REFERENCES users (id),
    -- The rule verdicts the reviewer saw: [{"rule": "...", "passed": true, "reason": "..."}].
    rule_verdicts  jsonb       NOT NULL CHECK (jsonb_typeof(rule_verdicts) = 'array'),
    comment        text        NOT NULL CHECK (length(comment) > 0),
    decided_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE delistings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id text        NOT NULL REFERENCES participants (id),
    cause          text        NOT NULL CHECK (cause IN ('REQUESTED', 'METER_SILENT', 'BAD_DATA', 'REGULATOR')),
    reason         text        NOT NULL CHECK (length(reason) > 0),
    decided_by     bigint      REFERENCES users (id),
    delisted_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delistings_participant ON delistings (participant_id, delisted_at DESC);
