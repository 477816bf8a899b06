-- Market entry, self-service (issue 15): an applicant with no account applies, gets an APPLICANT login
-- to follow its application, corrects it while it is pending (a new revision, judged again), re-applies
-- after a rejection or a withdrawal (a new application), and may withdraw. A participant asks to leave
-- (voluntary delisting), reviewed by the regulator as an application is.

ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('REGULATOR', 'DISPATCHER', 'INTEGRATOR', 'PARTICIPANT', 'ADMIN', 'APPLICANT'));

ALTER TABLE participants DROP CONSTRAINT participants_status_check;
ALTER TABLE participants ADD CONSTRAINT participants_status_check
    CHECK (status IN ('APPLIED', 'ADMITTED', 'REJECTED', 'DELISTED', 'WITHDRAWN'));

ALTER TABLE market_entry_applications
    ADD COLUMN applicant_user_id bigint REFERENCES users (id),
    ADD COLUMN contact           text CHECK (length(contact) BETWEEN 1 AND 200),
    ADD COLUMN battery_kwh       numeric(12, 3) CHECK (battery_kwh >= 0),
    ADD COLUMN trading_client    text CHECK (length(trading_client) BETWEEN 1 AND 100),
    ADD COLUMN revision          integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    ADD COLUMN revised_at        timestamptz,
    ADD COLUMN closed_at         timestamptz;
ALTER TABLE market_entry_applications DROP CONSTRAINT market_entry_applications_status_check;
ALTER TABLE market_entry_applications ADD CONSTRAINT market_entry_applications_status_check
    CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'));
-- One open application per participant at a time.
CREATE UNIQUE INDEX market_entry_applications_one_open ON market_entry_applications (participant_id) WHERE status = 'PENDING';
CREATE INDEX market_entry_applications_applicant ON market_entry_applications (applicant_user_id, submitted_at DESC);

-- The meters an applicant states (not yet mapped by the integrator: the meters table holds mapped ones).
CREATE TABLE application_meters (
    application_id bigint  NOT NULL REFERENCES market_entry_applications (id) ON DELETE CASCADE,
    meter_id       text    NOT NULL CHECK (meter_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    smart          boolean NOT NULL,
    PRIMARY KEY (application_id, meter_id)
);
CREATE INDEX application_meters_meter ON application_meters (meter_id);

-- Participant ids handed to self-service applicants (A-000001, ...).
CREATE SEQUENCE applicant_participant_seq;

-- A participant asks to leave the market; the regulator approves (the participant is delisted with
-- cause REQUESTED) or rejects, with a comment; the participant may withdraw the request while it is open.
CREATE TABLE delisting_requests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id text        NOT NULL REFERENCES participants (id),
    reason         text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    requested_by   bigint      NOT NULL REFERENCES users (id),
    requested_at   timestamptz NOT NULL DEFAULT now(),
    status         text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
    -- The rule verdicts the reviewer saw: [{"rule": "...", "passed": true, "reason": "..."}].
    rule_verdicts  jsonb       CHECK (jsonb_typeof(rule_verdicts) = 'array'),
    decided_by     bigint      REFERENCES users (id),
    comment        text        CHECK (length(comment) > 0),
    decided_at     timestamptz,
    CHECK ((status IN ('APPROVED', 'REJECTED')) = (decided_by IS NOT NULL AND comment IS NOT NULL AND decided_at IS NOT NULL))
);
CREATE UNIQUE INDEX delisting_requests_one_open ON delisting_requests (participant_id) WHERE status = 'PENDING';
