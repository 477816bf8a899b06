package com.greenex.scada.store;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes readings to PostgreSQL in batches and reads the latest value per point.
 *
 * <p>A batch goes in with one {@code COPY} into a transaction-local staging table, then one
 * {@code INSERT … ON CONFLICT DO NOTHING} into the partitioned readings table, so re-sending a batch
 * (after a reconnect, say) is harmless: (point, source time) is the key. The same transaction moves
 * latest_readings forward where the batch has something newer. Either all of a batch is stored or
 * none of it.
 */
public final class ReadingStore {

    private final DataSource dataSource;
    private final Set<LocalDate> partitionedDays = ConcurrentHashMap.newKeySet();

    public ReadingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return how many readings were new (the rest were already stored) */
    public int write(List<Reading> batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                ensurePartitions(c, batch);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS reading_stage ("
                            + "point_id bigint, source_time timestamptz, server_time timestamptz, value numeric(20, 6), status_code bigint"
                            + ") ON COMMIT DELETE ROWS");
                }
                copy(c, batch);
                int inserted;
                try (Statement s = c.createStatement()) {
                    inserted = s.executeUpdate("INSERT INTO readings (point_id, source_time, server_time, value, status_code) "
                            + "SELECT point_id, source_time, server_time, value, status_code FROM reading_stage "
                            + "ON CONFLICT (point_id, source_time) DO NOTHING");
                    s.executeUpdate("INSERT INTO latest_readings (point_id, source_time, server_time, value, status_code, received_at) "
                            + "SELECT DISTINCT ON (point_id) point_id, source_time, server_time, value, status_code, now() "
                            + "FROM reading_stage ORDER BY point_id, source_time DESC "
                            + "ON CONFLICT (point_id) DO UPDATE SET source_time = EXCLUDED.source_time, server_time = EXCLUDED.server_time, "
                            + "value = EXCLUDED.value, status_code = EXCLUDED.status_code, received_at = EXCLUDED.received_at "
                            + "WHERE latest_readings.source_time < EXCLUDED.source_time");
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
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

    private static void copy(Connection c, List<Reading> batch) throws SQLException {
        StringBuilder text = new StringBuilder(batch.size() * 72);
        for (Reading r : batch) {
            text.append(r.pointId()).append('\t')
                    .append(r.sourceTime()).append('\t')
                    .append(r.serverTime() == null ? "\\N" : r.serverTime().toString()).append('\t')
                    .append(r.value() == null ? "\\N" : r.value().toPlainString()).append('\t')
                    .append(r.statusCode()).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY reading_stage (point_id, source_time, server_time, value, status_code) FROM STDIN",
                            new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of " + batch.size() + " readings failed", e);
        }
    }

    /** The newest stored reading of each of the given points that has one. */
    public Map<Long, Reading> latest(Collection<Long> pointIds) throws SQLException {
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
}
