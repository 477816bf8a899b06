package com.greenex.portal.scada;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The integrator's live values: every point's latest reading with its quality and age, a page at a time. */
@Repository
public class LiveValues {

    public record Value(long pointId, String substation, String participantId, String device, String quantity, String node, BigDecimal value,
                        String quality, long statusCode, Instant sourceTime) {
    }

    private final JdbcClient jdbc;

    public LiveValues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Value> page(int offset, int limit) {
        return jdbc.sql("""
                        SELECT p.id, p.substation_id, p.participant_id, coalesce(p.meter_id, p.battery_id), p.quantity, p.node_id, l.value,
                               CASE l.status_code >> 30 WHEN 0 THEN 'GOOD' WHEN 1 THEN 'UNCERTAIN' ELSE 'BAD' END, l.status_code, l.source_time
                          FROM points p LEFT JOIN latest_readings l ON l.point_id = p.id WHERE p.retired_at IS NULL ORDER BY p.id OFFSET ? LIMIT ?""")
                .params(offset, limit)
                .query((rs, i) -> new Value(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getBigDecimal(7), rs.getTimestamp(10) == null ? "NONE" : rs.getString(8), rs.getLong(9),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM points WHERE retired_at IS NULL").query(Long.class).single();
    }
}
