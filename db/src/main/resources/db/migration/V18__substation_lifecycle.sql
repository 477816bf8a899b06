-- A substation's life (issue 16): the integrator updates a substation's mapping, pauses it (its zone
-- is not cleared while it is paused: its intervals are MISSED with the reason) and removes it; all of
-- it audited. A point that an updated mapping no longer names is retired, never deleted: its readings
-- stay as history. A node or a device may be mapped again after its point was retired.

ALTER TABLE substations
    ADD COLUMN state            text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'PAUSED', 'REMOVED')),
    ADD COLUMN state_reason     text CHECK (length(state_reason) <= 500),
    ADD COLUMN state_changed_by text,
    ADD COLUMN state_changed_at timestamptz,
    ADD CONSTRAINT substations_state_why CHECK (state = 'ACTIVE' OR (state_changed_by IS NOT NULL AND state_changed_at IS NOT NULL));

ALTER TABLE points ADD COLUMN retired_at timestamptz;
ALTER TABLE points DROP CONSTRAINT points_substation_id_node_id_key;
CREATE UNIQUE INDEX points_active_node ON points (substation_id, node_id) WHERE retired_at IS NULL;
DO $$
DECLARE
    device_key text;
BEGIN
    SELECT conname INTO device_key FROM pg_constraint
     WHERE conrelid = 'points'::regclass AND contype = 'u' AND conname LIKE 'points_substation_id_participant_id%';
    IF device_key IS NOT NULL THEN
        EXECUTE format('ALTER TABLE points DROP CONSTRAINT %I', device_key);
    END IF;
END $$;
CREATE UNIQUE INDEX points_active_device ON points (substation_id, participant_id, meter_id, battery_id, quantity) WHERE retired_at IS NULL;
CREATE INDEX points_substation_active ON points (substation_id) WHERE retired_at IS NULL;

-- The mappings uploaded through the portal (view or POST /api/substations): bridged again when the
-- portal starts. A mapping names where a user's password is (an environment variable or a secret
-- file's name), never the password.
CREATE TABLE substation_mappings (
    substation_id text        PRIMARY KEY REFERENCES substations (id),
    yaml          text        NOT NULL CHECK (length(yaml) BETWEEN 1 AND 16777216),
    uploaded_by   text        NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now()
);

-- The points the market reads now: mapped (not retired) at a substation that is neither paused nor removed.
CREATE VIEW active_points AS
SELECT p.* FROM points p JOIN substations s ON s.id = p.substation_id
 WHERE p.retired_at IS NULL AND s.state = 'ACTIVE';
