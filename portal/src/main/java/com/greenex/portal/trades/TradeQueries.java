package com.greenex.portal.trades;

import com.greenex.portal.security.Viewer;
import com.greenex.settlement.BatchState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Trades with their place on chain, and green certificates, as far as the viewer may see them (a
 * participant: its own). Lists are read a page at a time (offset and limit), so a view can scroll a
 * million rows without loading them.
 */
@Repository
public class TradeQueries {

    private static final String TRADE = """
            SELECT t.id, t.interval_id, t.seq, t.seller_id, t.buyer_id, t.energy_kwh, t.price, t.amount, b.state,
                   CASE WHEN b.tx_hash IS NULL THEN NULL ELSE '0x' || encode(b.tx_hash, 'hex') END AS tx_hash, b.block_number
              FROM trades t LEFT JOIN settlement_batches b ON b.interval_id = t.interval_id AND t.seq BETWEEN b.first_seq AND b.last_seq
            """;

    private final JdbcClient jdbc;

    public TradeQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TradeRow> trade(long id) {
        return jdbc.sql(TRADE + " WHERE t.id = ?").param(id).query(TradeQueries::trade).optional();
    }

    /** One interval's trades the viewer may see, in sequence. */
    public List<TradeRow> ofInterval(long intervalId, Viewer viewer) {
        String own = viewer.operator() ? null : viewer.participantId();
        return jdbc.sql(TRADE + " WHERE t.interval_id = ? AND (CAST(? AS text) IS NULL OR ? IN (t.seller_id, t.buyer_id)) ORDER BY t.seq")
                .params(intervalId, own, own).query(TradeQueries::trade).list();
    }

    /** Trades the viewer may see, newest first; participant: null for all the viewer may see. */
    public List<TradeRow> trades(Viewer viewer, String participant, int offset, int limit) {
        String who = who(viewer, participant);
        // The page's ids first (an index-only walk of the key, however far the offset), then their rows.
        return jdbc.sql("""
                        WITH page AS (SELECT id FROM trades WHERE (CAST(? AS text) IS NULL OR ? IN (seller_id, buyer_id)) ORDER BY id DESC OFFSET ? LIMIT ?)
                        """ + TRADE + " WHERE t.id IN (SELECT id FROM page) ORDER BY t.id DESC")
                .params(who, who, offset, limit).query(TradeQueries::trade).list();
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

    /** A participant's registered chain account (where its certificates go), or null when it has none. */
    public String chainAccount(String participant) {
        return jdbc.sql("SELECT address FROM participant_accounts WHERE participant_id = ?").param(participant).query(String.class).optional().orElse(null);
    }

    /** Seconds since the end of the oldest interval whose trades are not all confirmed on chain; 0 when none. */
    public long settlementLagSeconds() {
        return jdbc.sql("""
                        SELECT coalesce(extract(epoch FROM now() - min(i.ends_at)), 0)::bigint FROM trading_intervals i
                         WHERE EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> ?)""")
                .param(BatchState.CONFIRMED.name()).query(Long.class).single();
    }

    private static String who(Viewer viewer, String participant) {
        if (participant != null) {
            viewer.requireMaySee(participant);
            return participant;
        }
        return viewer.operator() ? null : viewer.participantId();
    }

    static TradeRow trade(ResultSet rs, int row) throws SQLException {
        return new TradeRow(rs.getLong("id"), rs.getLong("interval_id"), rs.getInt("seq"), rs.getString("seller_id"), rs.getString("buyer_id"),
                rs.getBigDecimal("energy_kwh"), rs.getBigDecimal("price"), rs.getBigDecimal("amount"),
                rs.getString("state") == null ? "NOT_QUEUED" : rs.getString("state"), rs.getString("tx_hash"), (Long) rs.getObject("block_number"));
    }
}
