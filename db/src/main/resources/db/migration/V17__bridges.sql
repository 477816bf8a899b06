-- Bridges beside the portal (issue 16): every SCADA bridge, inside a portal or a scada-bridge.jar
-- process near its substations, reports a heartbeat with the state of each substation it bridges, so
-- that the portal shows them all. Which instance bridges a substation is decided by an advisory lock
-- (SubstationClaim), never by this table.

CREATE TABLE bridges (
    id          text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    kind        text        NOT NULL CHECK (kind IN ('PORTAL', 'STANDALONE')),
    host        text        NOT NULL,
    -- [{"substation": "SS-01", "connected": true, "detail": "...", "received": 1, "written": 1, "dropped": 0}]
    substations jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(substations) = 'array'),
    started_at  timestamptz NOT NULL,
    seen_at     timestamptz NOT NULL,
    stopped_at  timestamptz
);
