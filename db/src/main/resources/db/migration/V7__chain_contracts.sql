-- Where the application deployed its contracts, per chain: found again after a restart, deployed
-- anew on a fresh development chain.

CREATE TABLE chain_contracts (
    chain_id    bigint      NOT NULL CHECK (chain_id > 0),
    name        text        NOT NULL CHECK (name IN ('GreenexSettlement', 'GreenCertificates')),
    address     text        NOT NULL CHECK (address ~ '^0x[0-9a-fA-F]{40}$'),
    deployed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, name)
);
