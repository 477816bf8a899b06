-- API tokens (only a SHA-256 of the token is kept; the token itself is shown once), participants'
-- chain accounts (where their green certificates go), and the settings that can change at run time
-- (every change is also in the audit log).

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_sha256 bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE participant_accounts (
    participant_id text        PRIMARY KEY REFERENCES participants (id),
    address        text        NOT NULL UNIQUE CHECK (address ~ '^0x[0-9a-fA-F]{40}$'),
    registered_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE settings (
    key        text        PRIMARY KEY CHECK (key IN ('market.paused')),
    value      text        NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (key <> 'market.paused' OR value IN ('true', 'false'))
);
