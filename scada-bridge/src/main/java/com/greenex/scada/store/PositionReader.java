package com.greenex.scada.store;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Positions per participant and interval from stored readings, for the rules and the market engine.
 * Only GOOD readings count: a bad or uncertain value is kept in the database but never traded on.
 */
public final class PositionReader {

    private static final String SQL = """
            WITH meter_points AS (
                SELECT p.participant_id, p.meter_id,
                       max(p.id) FILTER (WHERE p.quantity = 'ENERGY_EXPORT_KWH') AS export_point,
                       max(p.id) FILTER (WHERE p.quantity = 'ENERGY_IMPORT_KWH') AS import_point
                  FROM points p
                 WHERE p.substation_id = ? AND p.meter_id IS NOT NULL
                 GROUP BY p.participant_id, p.meter_id
            ), soc_points AS (
                SELECT DISTINCT ON (p.participant_id) p.participant_id, p.battery_id, p.id AS soc_point
                  FROM points p
                 WHERE p.substation_id = ? AND p.quantity = 'SOC_PERCENT'
                 ORDER BY p.participant_id, p.battery_id
            )
            SELECT m.participant_id, m.meter_id,
                   (SELECT value FROM readings WHERE point_id = m.export_point AND source_time <= ? AND quality = 'GOOD' ORDER BY source_time DESC LIMIT 1) AS export_start,
                   (SELECT value FROM readings WHERE point_id = m.export_point AND source_time <= ? AND quality = 'GOOD' ORDER BY source_time DESC LIMIT 1) AS export_end,
                   (SELECT value FROM readings WHERE point_id = m.import_point AND source_time <= ? AND quality = 'GOOD' ORDER BY source_time DESC LIMIT 1) AS import_start,
                   (SELECT value FROM readings WHERE point_id = m.import_point AND source_time <= ? AND quality = 'GOOD' ORDER BY source_time DESC LIMIT 1) AS import_end,
                   s.battery_id,
                   (SELECT value FROM readings WHERE point_id = s.soc_point AND source_time <= ? AND quality = 'GOOD' ORDER BY source_time DESC LIMIT 1) AS soc,
                   m.export_point IS NOT NULL AS has_export, m.import_point IS NOT NULL AS has_import
              FROM meter_points m
              LEFT JOIN soc_points s ON s.participant_id = m.participant_id
             ORDER BY m.participant_id, m.meter_id
            """;

    private final DataSource dataSource;

    public PositionReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every metered participant of the substation, over [from, to]. */
    public List<Position> positions(String substation, Instant from, Instant to) throws SQLException {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("interval end " + to + " is not after its start " + from);
        }
        List<Position> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            Timestamp start = Timestamp.from(from);
            Timestamp end = Timestamp.from(to);
            ps.setString(1, substation);
            ps.setString(2, substation);
            ps.setTimestamp(3, start);
            ps.setTimestamp(4, end);
            ps.setTimestamp(5, start);
            ps.setTimestamp(6, end);
            ps.setTimestamp(7, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(position(rs, from, to));
                }
            }
        }
        return out;
    }

    private static Position position(ResultSet rs, Instant from, Instant to) throws SQLException {
        String participant = rs.getString("participant_id");
        String meter = rs.getString("meter_id");
        BigDecimal exportStart = rs.getBigDecimal("export_start");
        BigDecimal exportEnd = rs.getBigDecimal("export_end");
        BigDecimal importStart = rs.getBigDecimal("import_start");
        BigDecimal importEnd = rs.getBigDecimal("import_end");
        String battery = rs.getString("battery_id");
        BigDecimal soc = rs.getBigDecimal("soc");
        String problem = null;
        if (!rs.getBoolean("has_export") || !rs.getBoolean("has_import")) {
            problem = "meter " + meter + " has no " + (rs.getBoolean("has_export") ? "ENERGY_IMPORT_KWH" : "ENERGY_EXPORT_KWH") + " point mapped";
        } else if (exportStart == null || importStart == null) {
            problem = "meter " + meter + " has no good counter reading at or before the interval start " + from;
        } else if (exportEnd.compareTo(exportStart) < 0 || importEnd.compareTo(importStart) < 0) {
            problem = "meter " + meter + " counters went backwards between " + from + " and " + to;
        } else if (battery != null && soc == null) {
            problem = "battery " + battery + " has no good SOC reading at or before " + to;
        }
        BigDecimal exported = exportStart == null || exportEnd == null ? null : exportEnd.subtract(exportStart);
        BigDecimal imported = importStart == null || importEnd == null ? null : importEnd.subtract(importStart);
        return new Position(participant, meter, exported, imported, battery, soc, problem);
    }
}
