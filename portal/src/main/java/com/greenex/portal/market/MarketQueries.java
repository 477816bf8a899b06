package com.greenex.portal.market;

import com.greenex.portal.security.Viewer;
import com.greenex.portal.trades.TradeQueries;
import com.greenex.portal.trades.TradeRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the API and the views read about intervals: the list, one interval's result with its trades
 * and dispatch. Everything that names a participant goes through a {@link Viewer}: a participant gets
 * its own rows, never another's. Lists are read a page at a time (offset and limit).
 */
@Repository
public class MarketQueries {

    static final String SUMMARY = """
            SELECT i.id, i.zone_id, i.starts_at, i.ends_at, i.status, i.failure_reason, r.market_type, r.clearing_price, r.supply_kwh, r.demand_kwh,
                   (SELECT count(*) FROM trades t WHERE t.interval_id = i.id) AS trades,
                   (SELECT string_agg('0x' || encode(b.tx_hash, 'hex'), ',' ORDER BY b.batch_no) FROM settlement_batches b
                     WHERE b.interval_id = i.id AND b.tx_hash IS NOT NULL) AS tx_hashes
              FROM trading_intervals i LEFT JOIN clearing_results r ON r.interval_id = i.id
            """;

    private final JdbcClient jdbc;
    private final TradeQueries trades;

    public MarketQueries(JdbcClient jdbc, TradeQueries trades) {
        this.jdbc = jdbc;
        this.trades = trades;
    }

    /** Latest first, every zone's by zone. */
    public List<IntervalSummary> intervals(int offset, int limit) {
        return intervals(null, offset, limit);
    }

    /** Latest first, of one zone (null: every zone's, by zone). */
    public List<IntervalSummary> intervals(String zone, int offset, int limit) {
        return jdbc.sql(SUMMARY + " WHERE (CAST(? AS text) IS NULL OR i.zone_id = ?) ORDER BY i.starts_at DESC, i.zone_id OFFSET ? LIMIT ?")
                .params(zone, zone, offset, limit).query(MarketQueries::summary).list();
    }

    /** The market's zones (those with a mapped substation, and any that has intervals), by id. */
    public List<String> zones() {
        return jdbc.sql("""
                        SELECT z.id FROM market_zones z
                         WHERE EXISTS (SELECT 1 FROM substations s JOIN active_points p ON p.substation_id = s.id WHERE s.zone_id = z.id)
                            OR EXISTS (SELECT 1 FROM trading_intervals i WHERE i.zone_id = z.id)
                         ORDER BY z.id""").query(String.class).list();
    }

    /** @throws IllegalArgumentException naming the zones there are, when {@code zone} is none of them */
    public String requireZone(String zone) {
        if (zone != null && !zones().contains(zone)) {
            throw new IllegalArgumentException("zone: no zone \"" + zone + "\" (zones: " + String.join(", ", zones()) + ")");
        }
        return zone;
    }

    public long intervalCount(String zone) {
        return jdbc.sql("SELECT count(*) FROM trading_intervals WHERE (CAST(? AS text) IS NULL OR zone_id = ?)").params(zone, zone).query(Long.class).single();
    }

    /** The newest interval, whatever its state. */
    public Optional<IntervalSummary> latest() {
        return latest(null);
    }

    /** The newest interval of the zone (null: of any zone, the first zone's of the newest start). */
    public Optional<IntervalSummary> latest(String zone) {
        return jdbc.sql(SUMMARY + " WHERE (CAST(? AS text) IS NULL OR i.zone_id = ?) ORDER BY i.starts_at DESC, i.zone_id LIMIT 1")
                .params(zone, zone).query(MarketQueries::summary).optional();
    }

    /** The interval being delivered at {@code now} (start ≤ now < end), if there is one. */
    public Optional<IntervalSummary> at(Instant now) {
        return at(null, now);
    }

    /** The zone's interval being delivered at {@code now} (null: of any zone). */
    public Optional<IntervalSummary> at(String zone, Instant now) {
        return jdbc.sql(SUMMARY + " WHERE i.starts_at <= ? AND i.ends_at > ? AND (CAST(? AS text) IS NULL OR i.zone_id = ?) ORDER BY i.starts_at DESC, i.zone_id LIMIT 1")
                .params(Timestamp.from(now), Timestamp.from(now), zone, zone).query(MarketQueries::summary).optional();
    }

    /** The newest interval that has a result. */
    public Optional<IntervalSummary> lastCleared() {
        return lastCleared(null);
    }

    /** The zone's newest interval that has a result (null: of any zone). */
    public Optional<IntervalSummary> lastCleared(String zone) {
        return jdbc.sql(SUMMARY + " WHERE r.interval_id IS NOT NULL AND (CAST(? AS text) IS NULL OR i.zone_id = ?) ORDER BY i.starts_at DESC, i.zone_id LIMIT 1")
                .params(zone, zone).query(MarketQueries::summary).optional();
    }

    public long intervalCount() {
        return jdbc.sql("SELECT count(*) FROM trading_intervals").query(Long.class).single();
    }

    public Optional<IntervalSummary> interval(long id) {
        return jdbc.sql(SUMMARY + " WHERE i.id = ?").param(id).query(MarketQueries::summary).optional();
    }

    /** The interval with the engine's result, trades and dispatch, restricted to what the viewer may see. */
    public Optional<IntervalDetail> detail(long id, Viewer viewer) {
        Optional<IntervalSummary> summary = interval(id);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        IntervalDetail.Result result = jdbc.sql("SELECT method, rounds, equilibrium, grid_feed_in_price, grid_retail_price, price_tick FROM clearing_results WHERE interval_id = ?")
                .param(id)
                .query((rs, i) -> new IntervalDetail.Result(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6)))
                .optional().orElse(null);
        String own = viewer.operator() ? null : viewer.participantId();
        List<IntervalDetail.ParticipantResult> participants = jdbc.sql("""
                        SELECT p.participant_id, p.role, p.energy_kwh, p.reservation_price, p.final_quote, p.rank, p.market_kwh, p.market_amount
                          FROM positions p
                         WHERE p.interval_id = ? AND (CAST(? AS text) IS NULL OR p.participant_id = ?) ORDER BY p.role, p.rank NULLS LAST, p.participant_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.ParticipantResult(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), (Integer) rs.getObject(6), rs.getBigDecimal(7), rs.getBigDecimal(8)))
                .list();
        List<TradeRow> intervalTrades = trades.ofInterval(id, viewer);
        List<IntervalDetail.GridExchange> grid = jdbc.sql("""
                        SELECT participant_id, direction, energy_kwh, price, amount FROM grid_exchanges
                         WHERE interval_id = ? AND (CAST(? AS text) IS NULL OR participant_id = ?) ORDER BY participant_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.GridExchange(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)))
                .list();
        List<IntervalDetail.BatteryDispatch> batteries = jdbc.sql("""
                        SELECT battery_id, participant_id, direction, energy_kwh, soc_before_percent, soc_after_percent FROM battery_dispatch
                         WHERE interval_id = ? AND (CAST(? AS text) IS NULL OR participant_id = ?) ORDER BY battery_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.BatteryDispatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6)))
                .list();
        List<IntervalDetail.Setpoint> setpoints = jdbc.sql("""
                        SELECT battery_id, participant_id, setpoint_kw, outcome, detail, read_back_kw FROM battery_setpoints
                         WHERE interval_id = ? AND (CAST(? AS text) IS NULL OR participant_id = ?) ORDER BY battery_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.Setpoint(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                        rs.getBigDecimal(6)))
                .list();
        List<IntervalDetail.Delivery> deliveries = jdbc.sql("""
                        SELECT participant_id, scheduled_kwh, metered_kwh, deviation_kwh, price, amount, battery_followed FROM deliveries
                         WHERE interval_id = ? AND (CAST(? AS text) IS NULL OR participant_id = ?) ORDER BY participant_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.Delivery(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), (Boolean) rs.getObject(7)))
                .list();
        return Optional.of(new IntervalDetail(summary.get(), result, participants, intervalTrades, grid, batteries, setpoints, deliveries));
    }

    static IntervalSummary summary(ResultSet rs, int row) throws SQLException {
        String hashes = rs.getString("tx_hashes");
        return new IntervalSummary(rs.getLong("id"), rs.getString("zone_id"), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                IntervalState.valueOf(rs.getString("status")), rs.getString("failure_reason"), rs.getString("market_type"), rs.getBigDecimal("clearing_price"),
                rs.getBigDecimal("supply_kwh"), rs.getBigDecimal("demand_kwh"), rs.getInt("trades"),
                hashes == null ? List.of() : new ArrayList<>(List.of(hashes.split(","))));
    }
}
