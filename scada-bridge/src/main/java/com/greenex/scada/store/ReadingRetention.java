package com.greenex.scada.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Keeps the raw readings in bounds: day partitions older than the retention are rolled up into
 * 15-minute aggregates per point ({@code readings_15m}: samples, bad samples, average, minimum,
 * maximum, last good value) and dropped, in one transaction per call (V12 {@code retire_reading_partitions}).
 */
public final class ReadingRetention {

    private final DataSource dataSource;

    public ReadingRetention(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param keep how long raw readings stay (whole days, at least one)
     * @return the days rolled up and dropped
     */
    public int retire(Duration keep) throws SQLException {
        if (keep.toDays() < 1) {
            throw new IllegalArgumentException("raw readings are kept at least one day, got " + keep);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT retire_reading_partitions(?)")) {
            ps.setInt(1, Math.toIntExact(keep.toDays()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
