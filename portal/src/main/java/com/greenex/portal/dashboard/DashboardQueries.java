package com.greenex.portal.dashboard;

import com.greenex.portal.market.IntervalState;
import com.greenex.portal.trades.TradeQueries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the dispatcher's dashboard shows, read in a few small queries. */
@Repository
class DashboardQueries {

    public record PricePoint(Instant start, BigDecimal price) {
    }

    public record GridTotals(BigDecimal importKwh, BigDecimal exportKwh) {
    }

    /**
     * @param silentMeters   participants whose power reading is older than the silence limit (first 20)
     * @param silentCount    how many such meters in all
     * @param badPoints      points whose latest value is BAD
     * @param uncertainPoints points whose latest value is UNCERTAIN
     * @param settlementLag  since the end of the oldest interval not yet confirmed on chain (zero when none)
     */
    public record Alarms(List<String> silentMeters, long silentCount, long badPoints, long uncertainPoints, Duration settlementLag,
                         long failedIntervals) {
    }

    private final JdbcClient jdbc;
    private final TradeQueries trades;

    DashboardQueries(JdbcClient jdbc, TradeQueries trades) {
        this.jdbc = jdbc;
        this.trades = trades;
    }

    /** Clearing prices of the last 24 hours (at most the latest {@code limit} intervals), oldest first. */
    public List<PricePoint> pricesOfTheDay(int limit) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT i.starts_at, r.clearing_price FROM trading_intervals i JOIN clearing_results r ON r.interval_id = i.id
                                        WHERE r.clearing_price IS NOT NULL AND i.starts_at > now() - interval '24 hours'
                                        ORDER BY i.starts_at DESC LIMIT ?) x ORDER BY starts_at""")
                .param(limit)
                .query((rs, i) -> new PricePoint(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2))).list();
    }

    public GridTotals grid(long intervalId) {
        return jdbc.sql("""
                        SELECT coalesce(sum(energy_kwh) FILTER (WHERE direction = 'IMPORT'), 0), coalesce(sum(energy_kwh) FILTER (WHERE direction = 'EXPORT'), 0)
                          FROM grid_exchanges WHERE interval_id = ?""")
                .param(intervalId).query((rs, i) -> new GridTotals(rs.getBigDecimal(1), rs.getBigDecimal(2))).single();
    }

    /** The latest good state of charge of every battery, in percent. */
    public List<BigDecimal> stateOfCharge() {
        return jdbc.sql("""
                        SELECT l.value FROM points p JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'SOC_PERCENT' AND l.status_code >> 30 = 0 AND l.value IS NOT NULL""")
                .query(BigDecimal.class).list();
    }

    public Alarms alarms(Duration silentAfter) {
        long silentSeconds = silentAfter.toSeconds();
        List<String> silent = jdbc.sql("""
                        SELECT p.participant_id FROM points p LEFT JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'ACTIVE_POWER_KW' AND (l.source_time IS NULL OR l.source_time < now() - make_interval(secs => ?))
                         ORDER BY p.participant_id LIMIT 20""")
                .param(silentSeconds).query(String.class).list();
        long silentCount = jdbc.sql("""
                        SELECT count(*) FROM points p LEFT JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'ACTIVE_POWER_KW' AND (l.source_time IS NULL OR l.source_time < now() - make_interval(secs => ?))""")
                .param(silentSeconds).query(Long.class).single();
        var quality = jdbc.sql("SELECT count(*) FILTER (WHERE status_code >> 30 >= 2), count(*) FILTER (WHERE status_code >> 30 = 1) FROM latest_readings")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long lagSeconds = trades.settlementLagSeconds();
        long failed = jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = ? AND starts_at > now() - interval '24 hours'")
                .param(IntervalState.FAILED.name()).query(Long.class).single();
        return new Alarms(silent, silentCount, quality[0], quality[1], Duration.ofSeconds(Math.max(0, lagSeconds)), failed);
    }
}
