package com.greenex.scada.store;

import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bridge's heartbeat in the {@code bridges} table: every few seconds, which substations it bridges and
 * how each one is doing; on close, that it stopped. The portal shows every bridge from it, whether it
 * runs inside the portal or beside it. A failed beat (the database away) is counted and tried again at
 * the next one: the readings matter more than the heartbeat.
 */
public final class BridgeHeartbeat implements AutoCloseable {

    /** One substation's state as the bridge reports it. */
    public record Substation(String substation, boolean connected, String detail, long received, long written, long dropped) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final String id;
    private final String kind;
    private final String host;
    private final Supplier<List<Substation>> state;
    private final ScheduledExecutorService beats;
    private volatile long failed;
    private volatile String lastError;

    /**
     * @param kind PORTAL or STANDALONE
     */
    public BridgeHeartbeat(DataSource dataSource, String id, String kind, String host, Supplier<List<Substation>> state, Duration every) {
        this.dataSource = dataSource;
        this.id = id;
        this.kind = kind;
        this.host = host;
        this.state = state;
        beat("INSERT INTO bridges (id, kind, host, substations, started_at, seen_at) VALUES (?, ?, ?, ?::jsonb, now(), now()) "
                + "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, host = excluded.host, substations = excluded.substations, "
                + "started_at = excluded.started_at, seen_at = excluded.seen_at, stopped_at = NULL", true);
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "greenex-bridge-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(() -> beat("UPDATE bridges SET substations = ?::jsonb, seen_at = now() WHERE id = ?", false),
                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This process's bridge id: kind, host and process id, e.g. standalone@grid-07:4242. */
    public static String idOf(String kind, String host) {
        return kind.toLowerCase(java.util.Locale.ROOT) + "@" + host + ":" + ProcessHandle.current().pid();
    }

    private void beat(String sql, boolean first) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            String substations = JSON.writeValueAsString(state.get());
            if (first) {
                ps.setString(1, id);
                ps.setString(2, kind);
                ps.setString(3, host);
                ps.setString(4, substations);
            } else {
                ps.setString(1, substations);
                ps.setString(2, id);
            }
            ps.executeUpdate();
            lastError = null;
        } catch (SQLException | RuntimeException e) {
            failed++;
            lastError = e.getMessage();
        }
    }

    public long failedBeats() {
        return failed;
    }

    public String lastError() {
        return lastError;
    }

    /** Stops beating and says the bridge stopped. */
    @Override
    public void close() {
        beats.shutdownNow();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE bridges SET substations = '[]', seen_at = now(), stopped_at = now() WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            lastError = e.getMessage();
        }
    }
}
