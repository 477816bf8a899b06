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
                         long failedIntervals, long missedIntervals, long batchesLostOnChain, java.time.Instant lastLostOnChain) {
    }

    /** Scheduled against metered net exchange of all participants in one delivered interval (export +, import -), kWh. */
    record DeliveryPoint(Instant start, BigDecimal scheduledKwh, BigDecimal meteredKwh) {
    }

    /**
     * The latest metered interval: the forecast's mean absolute error per participant, batteries that
     * followed or missed their setpoints, the deviations and what they were settled for; and the setpoints
     * of the latest dispatched interval that were not written (with the first reason).
     */
    record Delivery(Long intervalId, BigDecimal forecastMaeKwh, long batteriesFollowed, long batteriesMissed, BigDecimal deviationKwh,
                    BigDecimal deviationAmount, long setpointsNotWritten, String setpointProblem) {
    }

    private final JdbcClient jdbc;
    private final TradeQueries trades;

    DashboardQueries(JdbcClient jdbc, TradeQueries trades) {
        this.jdbc = jdbc;
        this.trades = trades;
    }

    /** Clearing prices of the last 24 hours (at most the latest {@code limit} intervals), oldest first. */
    public List<PricePoint> pricesOfTheDay(int limit) {
        return pricesOfTheDay(null, limit);
    }

    /** The zone's clearing prices of the last 24 hours (null: every zone's). */
    public List<PricePoint> pricesOfTheDay(String zone, int limit) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT i.starts_at, r.clearing_price FROM trading_intervals i JOIN clearing_results r ON r.interval_id = i.id
                                        WHERE r.clearing_price IS NOT NULL AND i.starts_at > now() - interval '24 hours'
                                          AND (CAST(? AS text) IS NULL OR i.zone_id = ?)
                                        ORDER BY i.starts_at DESC LIMIT ?) x ORDER BY starts_at""")
                .params(zone, zone, limit)
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
                        SELECT l.value FROM active_points p JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'SOC_PERCENT' AND l.status_code >> 30 = 0 AND l.value IS NOT NULL""")
                .query(BigDecimal.class).list();
    }

    /** Scheduled against metered, the latest {@code limit} delivered intervals, oldest first. */
    List<DeliveryPoint> deliveries(int limit) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT i.starts_at, sum(d.scheduled_kwh), sum(d.metered_kwh) FROM trading_intervals i
                                         JOIN deliveries d ON d.interval_id = i.id
                                        GROUP BY i.id, i.starts_at ORDER BY i.starts_at DESC LIMIT ?) x ORDER BY starts_at""")
                .param(limit)
                .query((rs, i) -> new DeliveryPoint(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2), rs.getBigDecimal(3))).list();
    }

    Delivery delivery() {
        Long id = jdbc.sql("SELECT max(interval_id) FROM deliveries").query(Long.class).optional().orElse(null);
        BigDecimal[] d = id == null ? new BigDecimal[4] : jdbc.sql("""
                        SELECT (SELECT avg(abs(CASE p.role WHEN 'SELL' THEN p.energy_kwh ELSE -p.energy_kwh END - p.actual_kwh))
                                  FROM positions p WHERE p.interval_id = ? AND p.actual_kwh IS NOT NULL),
                               count(*) FILTER (WHERE battery_followed), count(*) FILTER (WHERE NOT battery_followed),
                               sum(abs(deviation_kwh)), sum(amount)
                          FROM deliveries WHERE interval_id = ?""")
                .params(id, id)
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)})
                .single();
        var problems = jdbc.sql("""
                        SELECT count(*), min(battery_id || ': ' || coalesce(detail, outcome)) FROM battery_setpoints
                         WHERE interval_id = (SELECT max(interval_id) FROM battery_setpoints) AND outcome <> 'WRITTEN'""")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        return new Delivery(id, d[0], d[1] == null ? 0 : d[1].longValue(), d[2] == null ? 0 : d[2].longValue(), d[3],
                id == null ? null : d[4], (Long) problems[0], (String) problems[1]);
    }

    public Alarms alarms(Duration silentAfter) {
        long silentSeconds = silentAfter.toSeconds();
        List<String> silent = jdbc.sql("""
                        SELECT p.participant_id FROM active_points p LEFT JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'ACTIVE_POWER_KW' AND (l.source_time IS NULL OR l.source_time < now() - make_interval(secs => ?))
                         ORDER BY p.participant_id LIMIT 20""")
                .param(silentSeconds).query(String.class).list();
        long silentCount = jdbc.sql("""
                        SELECT count(*) FROM active_points p LEFT JOIN latest_readings l ON l.point_id = p.id
                         WHERE p.quantity = 'ACTIVE_POWER_KW' AND (l.source_time IS NULL OR l.source_time < now() - make_interval(secs => ?))""")
                .param(silentSeconds).query(Long.class).single();
        var quality = jdbc.sql("SELECT count(*) FILTER (WHERE status_code >> 30 >= 2), count(*) FILTER (WHERE status_code >> 30 = 1) FROM latest_readings")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long lagSeconds = trades.settlementLagSeconds();
        long failed = jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = ? AND starts_at > now() - interval '24 hours'")
                .param(IntervalState.FAILED.name()).query(Long.class).single();
        long missed = jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = ? AND starts_at > now() - interval '24 hours'")
                .param(IntervalState.MISSED.name()).query(Long.class).single();
        var lost = jdbc.sql("SELECT count(*), max(last_lost_at) FROM settlement_batches WHERE last_lost_at > now() - interval '24 hours'")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()}).single();
        return new Alarms(silent, silentCount, quality[0], quality[1], Duration.ofSeconds(Math.max(0, lagSeconds)), failed, missed,
                (Long) lost[0], (java.time.Instant) lost[1]);
    }
}
