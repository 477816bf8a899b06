package com.greenex.portal.query;

import com.greenex.portal.security.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the API and the views read about intervals and trades. Everything that names a participant
 * goes through a {@link Viewer}: a participant gets its own rows, never another's. Lists are read a
 * page at a time (offset and limit), so a view can scroll a million rows without loading them.
 */
@Repository
public class MarketQueries {

    static final String SUMMARY = """
            SELECT i.id, i.starts_at, i.ends_at, i.status, i.failure_reason, r.market_type, r.clearing_price, r.supply_kwh, r.demand_kwh,
                   (SELECT count(*) FROM trades t WHERE t.interval_id = i.id) AS trades,
                   (SELECT string_agg('0x' || encode(b.tx_hash, 'hex'), ',' ORDER BY b.batch_no) FROM settlement_batches b
                     WHERE b.interval_id = i.id AND b.tx_hash IS NOT NULL) AS tx_hashes
              FROM trading_intervals i LEFT JOIN clearing_results r ON r.interval_id = i.id
            """;

    private static final String TRADE = """
            SELECT t.id, t.interval_id, t.seq, t.seller_id, t.buyer_id, t.energy_kwh, t.price, t.amount, b.state,
                   CASE WHEN b.tx_hash IS NULL THEN NULL ELSE '0x' || encode(b.tx_hash, 'hex') END AS tx_hash, b.block_number
              FROM trades t LEFT JOIN settlement_batches b ON b.interval_id = t.interval_id AND t.seq BETWEEN b.first_seq AND b.last_seq
            """;

    private final JdbcClient jdbc;

    public MarketQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Latest first. */
    public List<IntervalSummary> intervals(int offset, int limit) {
        return jdbc.sql(SUMMARY + " ORDER BY i.starts_at DESC OFFSET ? LIMIT ?").params(offset, limit).query(MarketQueries::summary).list();
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
                        SELECT p.participant_id, p.role, p.energy_kwh, p.reservation_price, r.final_quote, r.rank, r.market_kwh, r.market_amount
                          FROM positions p LEFT JOIN participant_results r ON r.interval_id = p.interval_id AND r.participant_id = p.participant_id
                         WHERE p.interval_id = ? AND (CAST(? AS text) IS NULL OR p.participant_id = ?) ORDER BY p.role, r.rank NULLS LAST, p.participant_id""")
                .params(id, own, own)
                .query((rs, i) -> new IntervalDetail.ParticipantResult(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), (Integer) rs.getObject(6), rs.getBigDecimal(7), rs.getBigDecimal(8)))
                .list();
        List<TradeRow> trades = jdbc.sql(TRADE + " WHERE t.interval_id = ? AND (CAST(? AS text) IS NULL OR ? IN (t.seller_id, t.buyer_id)) ORDER BY t.seq")
                .params(id, own, own).query(MarketQueries::trade).list();
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
        return Optional.of(new IntervalDetail(summary.get(), result, participants, trades, grid, batteries));
    }

    public Optional<TradeRow> trade(long id) {
        return jdbc.sql(TRADE + " WHERE t.id = ?").param(id).query(MarketQueries::trade).optional();
    }

    /** Trades the viewer may see, newest first; participant: null for all the viewer may see. */
    public List<TradeRow> trades(Viewer viewer, String participant, int offset, int limit) {
        String who = who(viewer, participant);
        // The page's ids first (an index-only walk of the key, however far the offset), then their rows.
        return jdbc.sql("""
                        WITH page AS (SELECT id FROM trades WHERE (CAST(? AS text) IS NULL OR ? IN (seller_id, buyer_id)) ORDER BY id DESC OFFSET ? LIMIT ?)
                        """ + TRADE + " WHERE t.id IN (SELECT id FROM page) ORDER BY t.id DESC")
                .params(who, who, offset, limit).query(MarketQueries::trade).list();
    }

    public long tradeCount(Viewer viewer, String participant) {
        String who = who(viewer, participant);
        if (who == null) {
            // The planner's estimate would be fast but wrong; an exact count of the index is what a grid needs.
            return jdbc.sql("SELECT count(*) FROM trades").query(Long.class).single();
        }
        return jdbc.sql("SELECT (SELECT count(*) FROM trades WHERE seller_id = ?) + (SELECT count(*) FROM trades WHERE buyer_id = ?)")
                .params(who, who).query(Long.class).single();
    }

    /** Certificates the viewer may see (a participant: those it owns or was issued), newest first. */
    public List<Certificate> certificates(Viewer viewer, int offset, int limit) {
        String who = viewer.operator() ? null : viewer.participantId();
        return jdbc.sql("""
                        SELECT c.token_serial, c.owner_id, c.issued_to_id, c.status, c.issued_at, c.retired_at,
                               CASE WHEN c.tx_hash IS NULL THEN NULL ELSE '0x' || encode(c.tx_hash, 'hex') END,
                               (SELECT count(*) FROM certificate_sources s WHERE s.certificate_id = c.id),
                               (SELECT coalesce(sum(s.energy_kwh), 0) FROM certificate_sources s WHERE s.certificate_id = c.id)
                          FROM green_certificates c WHERE (CAST(? AS text) IS NULL OR ? IN (c.owner_id, c.issued_to_id))
                         ORDER BY c.token_serial DESC OFFSET ? LIMIT ?""")
                .params(who, who, offset, limit)
                .query((rs, i) -> new Certificate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getInt(8), rs.getBigDecimal(9)))
                .list();
    }

    public long certificateCount(Viewer viewer) {
        String who = viewer.operator() ? null : viewer.participantId();
        return jdbc.sql("SELECT count(*) FROM green_certificates c WHERE (CAST(? AS text) IS NULL OR ? IN (c.owner_id, c.issued_to_id))")
                .params(who, who).query(Long.class).single();
    }

    private static String who(Viewer viewer, String participant) {
        if (participant != null) {
            viewer.requireMaySee(participant);
            return participant;
        }
        return viewer.operator() ? null : viewer.participantId();
    }

    static IntervalSummary summary(ResultSet rs, int row) throws SQLException {
        String hashes = rs.getString("tx_hashes");
        return new IntervalSummary(rs.getLong("id"), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                rs.getString("status"), rs.getString("failure_reason"), rs.getString("market_type"), rs.getBigDecimal("clearing_price"),
                rs.getBigDecimal("supply_kwh"), rs.getBigDecimal("demand_kwh"), rs.getInt("trades"),
                hashes == null ? List.of() : new ArrayList<>(List.of(hashes.split(","))));
    }

    static TradeRow trade(ResultSet rs, int row) throws SQLException {
        return new TradeRow(rs.getLong("id"), rs.getLong("interval_id"), rs.getInt("seq"), rs.getString("seller_id"), rs.getString("buyer_id"),
                rs.getBigDecimal("energy_kwh"), rs.getBigDecimal("price"), rs.getBigDecimal("amount"),
                rs.getString("state") == null ? "NOT_QUEUED" : rs.getString("state"), rs.getString("tx_hash"), (Long) rs.getObject("block_number"));
    }
}
