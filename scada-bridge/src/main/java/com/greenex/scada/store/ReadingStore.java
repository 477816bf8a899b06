package com.greenex.scada.store;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes readings to PostgreSQL in batches and reads the latest value per point.
 *
 * <p>A batch goes in with one {@code COPY} straight into the partitioned readings table; a batch
 * that holds readings already stored (re-sent after a reconnect, say) falls back to a staging table
 * and {@code INSERT … ON CONFLICT DO NOTHING}: (point, source time) is the key, so nothing is stored
 * twice. Either all of a batch is stored or none of it.
 *
 * <p>latest_readings, the newest value per point, is a cache of readings: committed batches are merged
 * in memory and upserted at most once per flush interval (and before {@link #latest} reads), so
 * concurrent writers do not queue on the same rows. It lags the readings by at most that interval.
 */
public final class ReadingStore implements AutoCloseable {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Duration latestFlushInterval;
    private final Set<LocalDate> partitionedDays = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Long, Reading> pendingLatest = new ConcurrentHashMap<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private volatile long lastLatestFlush = System.nanoTime();

    /** latest_readings is brought up to date at most a second after a write. */
    public ReadingStore(DataSource dataSource) {
        this(dataSource, Duration.ofSeconds(1));
    }

    /**
     * @param latestFlushInterval how long latest_readings may lag behind the readings written here;
     *                            writers share one upsert per interval instead of one per batch, which
     *                            would make them queue on the same rows
     */
    public ReadingStore(DataSource dataSource, Duration latestFlushInterval) {
        this.dataSource = dataSource;
        this.latestFlushInterval = latestFlushInterval;
    }

    /** @return how many readings were new (the rest were already stored) */
    public int write(List<Reading> batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        int inserted;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            // Partitions first, in their own transaction: DDL must not wait while this one holds row locks.
            c.setAutoCommit(true);
            ensurePartitions(c, batch);
            c.setAutoCommit(false);
            try {
                inserted = insert(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        // After the batch's connection is given back: the latest values' flush takes one of its own, and a writer never holds two.
        rememberLatest(batch);
        return inserted;
    }

    /**
     * The usual batch is all new: COPY it straight into readings. A batch with readings already stored
     * (a resend after a reconnect) fails that COPY on the key; then it goes through a staging table and
     * {@code ON CONFLICT DO NOTHING}, which keeps the new ones and skips the rest.
     */
    private static int insert(Connection c, List<Reading> batch) throws SQLException {
        String text = copyText(batch);
        Savepoint direct = c.setSavepoint();
        try {
            long copied = copy(c, "COPY readings (point_id, source_time, server_time, value, status_code) FROM STDIN", text);
            c.releaseSavepoint(direct);
            return (int) copied;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(direct);
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS reading_stage ("
                    + "point_id bigint, source_time timestamptz, server_time timestamptz, value numeric(20, 6), status_code bigint"
                    + ") ON COMMIT DELETE ROWS");
        }
        copy(c, "COPY reading_stage (point_id, source_time, server_time, value, status_code) FROM STDIN", text);
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO readings (point_id, source_time, server_time, value, status_code) "
                    + "SELECT point_id, source_time, server_time, value, status_code FROM reading_stage "
                    + "ON CONFLICT (point_id, source_time) DO NOTHING");
        }
    }

    /** Only committed readings are remembered, so latest_readings never shows what a rollback undid. */
    private void rememberLatest(List<Reading> batch) throws SQLException {
        for (Reading r : batch) {
            pendingLatest.merge(r.pointId(), r, ReadingStore::newer);
        }
        if (System.nanoTime() - lastLatestFlush >= latestFlushInterval.toNanos() && flushLock.tryLock()) {
            try {
                flushLatestLocked();
            } finally {
                flushLock.unlock();
            }
        }
    }

    private static Reading newer(Reading a, Reading b) {
        return b.sourceTime().isAfter(a.sourceTime()) ? b : a;
    }

    /** Writes what is pending to latest_readings now (also done by {@link #latest} and {@link #close}). */
    public void flushLatest() throws SQLException {
        flushLock.lock();
        try {
            flushLatestLocked();
        } finally {
            flushLock.unlock();
        }
    }

    private void flushLatestLocked() throws SQLException {
        lastLatestFlush = System.nanoTime();
        if (pendingLatest.isEmpty()) {
            return;
        }
        List<Reading> taken = new ArrayList<>(pendingLatest.size());
        for (Long id : pendingLatest.keySet()) {
            Reading r = pendingLatest.remove(id);
            if (r != null) {
                taken.add(r);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            upsertLatest(c, taken);
        } catch (SQLException | RuntimeException e) {
            // Nothing is lost: put them back for the next flush.
            for (Reading r : taken) {
                pendingLatest.merge(r.pointId(), r, ReadingStore::newer);
            }
            throw e;
        }
    }

    /** Moves latest_readings forward to the given readings (one per point), where they are newer. */
    private static void upsertLatest(Connection c, List<Reading> newest) throws SQLException {
        int n = newest.size();
        Long[] ids = new Long[n];
        String[] source = new String[n];
        String[] server = new String[n];
        String[] values = new String[n];
        Long[] status = new Long[n];
        int i = 0;
        for (Reading r : newest) {
            ids[i] = r.pointId();
            source[i] = r.sourceTime().toString();
            server[i] = r.serverTime() == null ? null : r.serverTime().toString();
            values[i] = r.value() == null ? null : r.value().toPlainString();
            status[i] = r.statusCode();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO latest_readings (point_id, source_time, server_time, value, status_code, received_at) "
                        + "SELECT u.id, u.src::timestamptz, u.srv::timestamptz, u.val::numeric, u.st, now() "
                        + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS u (id, src, srv, val, st) "
                        + "ORDER BY u.id "
                        + "ON CONFLICT (point_id) DO UPDATE SET source_time = EXCLUDED.source_time, server_time = EXCLUDED.server_time, "
                        + "value = EXCLUDED.value, status_code = EXCLUDED.status_code, received_at = EXCLUDED.received_at "
                        + "WHERE latest_readings.source_time < EXCLUDED.source_time")) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("text", source));
            ps.setArray(3, c.createArrayOf("text", server));
            ps.setArray(4, c.createArrayOf("text", values));
            ps.setArray(5, c.createArrayOf("bigint", status));
            ps.executeUpdate();
        }
    }

    private void ensurePartitions(Connection c, List<Reading> batch) throws SQLException {
        LocalDate min = null;
        LocalDate max = null;
        for (Reading r : batch) {
            LocalDate day = LocalDate.ofInstant(r.sourceTime(), ZoneOffset.UTC);
            if (!partitionedDays.contains(day)) {
                min = min == null || day.isBefore(min) ? day : min;
                max = max == null || day.isAfter(max) ? day : max;
            }
        }
        if (min == null) {
            return;
        }
        // Days are cut in UTC, as the partition bounds are (the server runs in UTC; see V3__readings.sql).
        try (PreparedStatement ps = c.prepareStatement("SELECT ensure_reading_partitions(?, ?)")) {
            ps.setObject(1, min);
            ps.setObject(2, max);
            ps.execute();
        }
        for (LocalDate d = min; !d.isAfter(max); d = d.plusDays(1)) {
            partitionedDays.add(d);
        }
    }

    private static String copyText(List<Reading> batch) {
        StringBuilder text = new StringBuilder(batch.size() * 72);
        for (Reading r : batch) {
            text.append(r.pointId()).append('\t')
                    .append(r.sourceTime()).append('\t')
                    .append(r.serverTime() == null ? "\\N" : r.serverTime().toString()).append('\t')
                    .append(r.value() == null ? "\\N" : r.value().toPlainString()).append('\t')
                    .append(r.statusCode()).append('\n');
        }
        return text.toString();
    }

    private static long copy(Connection c, String sql, String text) throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(text));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    /** The newest stored reading of each of the given points that has one (what this store wrote included). */
    public Map<Long, Reading> latest(Collection<Long> pointIds) throws SQLException {
        flushLatest();
        Map<Long, Reading> out = new HashMap<>(pointIds.size() * 2);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT point_id, source_time, server_time, value, status_code "
                     + "FROM latest_readings WHERE point_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", pointIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp server = rs.getTimestamp(3);
                    BigDecimal value = rs.getBigDecimal(4);
                    Reading r = new Reading(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                            server == null ? null : server.toInstant(), value, rs.getLong(5));
                    out.put(r.pointId(), r);
                }
            }
        }
        return out;
    }

    /** Flushes latest_readings; the store holds no connection of its own. */
    @Override
    public void close() throws SQLException {
        flushLatest();
    }
}
