-- Who may log in, who trades, and where their meters and batteries are read from.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    participant_id text,      -- set for PARTICIPANT users: the only participant whose data they see
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text   NOT NULL CHECK (role IN ('REGULATOR', 'DISPATCHER', 'INTEGRATOR', 'PARTICIPANT', 'ADMIN')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE substations (
    id         text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE opcua_endpoints (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    substation_id   text    NOT NULL REFERENCES substations (id),
    url             text    NOT NULL CHECK (url LIKE 'opc.tcp://%'),
    security_policy text    NOT NULL CHECK (security_policy IN ('None', 'Basic256Sha256')),
    security_mode   text    NOT NULL CHECK (security_mode IN ('None', 'Sign', 'SignAndEncrypt')),
    identity        text    NOT NULL CHECK (identity IN ('ANONYMOUS', 'USERNAME', 'CERTIFICATE')),
    username        text,
    enabled         boolean NOT NULL DEFAULT true,
    UNIQUE (substation_id, url),
    CHECK ((security_policy = 'None') = (security_mode = 'None')),
    CHECK ((identity = 'USERNAME') = (username IS NOT NULL))
);

CREATE TABLE participants (
    id                       text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name                     text        NOT NULL,
    kind                     text        NOT NULL CHECK (kind IN ('PROSUMER', 'PRODUCER', 'CONSUMER')),
    capacity_kw              numeric(12, 3) NOT NULL CHECK (capacity_kw > 0),
    voltage_level            text        NOT NULL CHECK (length(voltage_level) BETWEEN 1 AND 32),
    trading_client_installed boolean     NOT NULL DEFAULT false,
    status                   text        NOT NULL DEFAULT 'APPLIED'
                                         CHECK (status IN ('APPLIED', 'ADMITTED', 'REJECTED', 'DELISTED')),
    created_at               timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users ADD FOREIGN KEY (participant_id) REFERENCES participants (id);

CREATE TABLE meters (
    id             text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    participant_id text        NOT NULL REFERENCES participants (id),
    substation_id  text        NOT NULL REFERENCES substations (id),
    smart          boolean     NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meters_participant ON meters (participant_id);

CREATE TABLE batteries (
    id               text           PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    participant_id   text           NOT NULL REFERENCES participants (id),
    capacity_kwh     numeric(12, 3) NOT NULL CHECK (capacity_kwh > 0),
    soc_min_percent  numeric(5, 2)  NOT NULL DEFAULT 0,
    soc_max_percent  numeric(5, 2)  NOT NULL DEFAULT 100,
    CHECK (0 <= soc_min_percent AND soc_min_percent < soc_max_percent AND soc_max_percent <= 100)
);
CREATE INDEX batteries_participant ON batteries (participant_id);

-- A measurement point: one OPC UA node mapped to one quantity of one meter or battery.
CREATE TABLE points (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    substation_id  text NOT NULL REFERENCES substations (id),
    participant_id text NOT NULL REFERENCES participants (id),
    meter_id       text REFERENCES meters (id),
    battery_id     text REFERENCES batteries (id),
    quantity       text NOT NULL CHECK (quantity IN ('ACTIVE_POWER_KW', 'ENERGY_IMPORT_KWH', 'ENERGY_EXPORT_KWH', 'SOC_PERCENT')),
    node_id        text NOT NULL CHECK (node_id ~ '^(ns=[0-9]+|nsu=[^;]+);[isgb]=.+$'),
    UNIQUE (substation_id, node_id),
    UNIQUE (substation_id, participant_id, meter_id, battery_id, quantity),
    CHECK ((meter_id IS NULL) <> (battery_id IS NULL)),
    CHECK ((quantity = 'SOC_PERCENT') = (battery_id IS NOT NULL))
);
