package com.greenex.portal.scada;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every SCADA bridge the database has heard of, inside a portal or beside it, with each substation's state. */
@Service
public class BridgeRegister {

    /** A bridge silent for longer than this is shown as silent (its heartbeat comes every 5 s). */
    static final Duration SILENT_AFTER = Duration.ofSeconds(20);

    public enum State {
        UP,
        SILENT,
        STOPPED
    }

    public record Bridge(String id, String kind, String host, State state, List<Map<String, Object>> substations, Instant startedAt, Instant seenAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    public BridgeRegister(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The bridges, running ones first, the most recently seen first. */
    @SuppressWarnings("unchecked")
    public List<Bridge> bridges() {
        Instant now = clock.instant();
        return jdbc.sql("SELECT id, kind, host, substations::text, started_at, seen_at, stopped_at FROM bridges ORDER BY stopped_at NULLS FIRST, seen_at DESC LIMIT 200")
                .query((rs, i) -> {
                    Instant seen = rs.getTimestamp(6).toInstant();
                    State state = rs.getTimestamp(7) != null ? State.STOPPED : seen.isBefore(now.minus(SILENT_AFTER)) ? State.SILENT : State.UP;
                    List<Map<String, Object>> substations = JSON.readValue(rs.getString(4), List.class);
                    return new Bridge(rs.getString(1), rs.getString(2), rs.getString(3), state, substations, rs.getTimestamp(5).toInstant(), seen);
                }).list();
    }
}
