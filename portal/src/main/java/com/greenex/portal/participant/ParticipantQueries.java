package com.greenex.portal.participant;

import com.greenex.portal.config.Csv;
import com.greenex.portal.security.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** A participant's own market data: positions with its quotes, its bill for a period, its trades as CSV. */
@Repository
public class ParticipantQueries {

    /** One interval of the participant: its position and how it did in the market. */
    public record PositionRow(long intervalId, Instant start, String role, BigDecimal energyKwh, BigDecimal socPercent, BigDecimal reservationPrice,
                              BigDecimal finalQuote, Integer rank, BigDecimal marketKwh, BigDecimal marketAmount) {
    }

    /**
     * Money in the market's currency unit, exact; energy in kWh. The schedule (market and grid) and its
     * deviations: what the meters said beyond the schedule (excess, sold at the imbalance excess price)
     * or short of it (shortfall, bought at the imbalance shortfall price). Net = sold + exported −
     * bought − imported + deviation amount (negative for a shortfall).
     */
    public record Bill(String participantId, Instant from, Instant to, BigDecimal soldKwh, BigDecimal soldAmount, BigDecimal boughtKwh,
                       BigDecimal boughtAmount, BigDecimal exportedKwh, BigDecimal exportedAmount, BigDecimal importedKwh,
                       BigDecimal importedAmount, BigDecimal deviationKwh, BigDecimal deviationAmount) {

        public BigDecimal net() {
            return soldAmount.add(exportedAmount).subtract(boughtAmount).subtract(importedAmount).add(deviationAmount);
        }
    }

    private final JdbcClient jdbc;

    public ParticipantQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PositionRow> positions(Viewer viewer, String participant, int offset, int limit) {
        viewer.requireMaySee(participant);
        return jdbc.sql("""
                        SELECT p.interval_id, i.starts_at, p.role, p.energy_kwh, p.soc_percent, p.reservation_price,
                               p.final_quote, p.rank, p.market_kwh, p.market_amount
                          FROM positions p JOIN trading_intervals i ON i.id = p.interval_id
                         WHERE p.participant_id = ? ORDER BY p.interval_id DESC OFFSET ? LIMIT ?""")
                .params(participant, offset, limit)
                .query((rs, i) -> new PositionRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), (Integer) rs.getObject(8), rs.getBigDecimal(9),
                        rs.getBigDecimal(10)))
                .list();
    }

    public long positionCount(Viewer viewer, String participant) {
        viewer.requireMaySee(participant);
        return jdbc.sql("SELECT count(*) FROM positions WHERE participant_id = ?").param(participant).query(Long.class).single();
    }

    /** Everything the participant sold and bought in intervals starting in [from, to). */
    public Bill bill(Viewer viewer, String participant, Instant from, Instant to) {
        viewer.requireMaySee(participant);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the bill's period must end after it starts: " + from + " to " + to);
        }
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        BigDecimal[] market = jdbc.sql("""
                        SELECT coalesce(sum(tr.energy_kwh) FILTER (WHERE tr.seller_id = ?), 0), coalesce(sum(tr.amount) FILTER (WHERE tr.seller_id = ?), 0),
                               coalesce(sum(tr.energy_kwh) FILTER (WHERE tr.buyer_id = ?), 0), coalesce(sum(tr.amount) FILTER (WHERE tr.buyer_id = ?), 0)
                          FROM trades tr JOIN trading_intervals i ON i.id = tr.interval_id
                         WHERE ? IN (tr.seller_id, tr.buyer_id) AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, participant, participant, participant, participant, f, t)
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)}).single();
        BigDecimal[] grid = jdbc.sql("""
                        SELECT coalesce(sum(g.energy_kwh) FILTER (WHERE g.direction = 'EXPORT'), 0), coalesce(sum(g.amount) FILTER (WHERE g.direction = 'EXPORT'), 0),
                               coalesce(sum(g.energy_kwh) FILTER (WHERE g.direction = 'IMPORT'), 0), coalesce(sum(g.amount) FILTER (WHERE g.direction = 'IMPORT'), 0)
                          FROM grid_exchanges g JOIN trading_intervals i ON i.id = g.interval_id
                         WHERE g.participant_id = ? AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, f, t)
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)}).single();
        BigDecimal[] deviation = jdbc.sql("""
                        SELECT coalesce(sum(d.deviation_kwh), 0), coalesce(sum(d.amount), 0)
                          FROM deliveries d JOIN trading_intervals i ON i.id = d.interval_id
                         WHERE d.participant_id = ? AND i.starts_at >= ? AND i.starts_at < ?""")
                .params(participant, f, t)
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)}).single();
        return new Bill(participant, from, to, market[0], market[1], market[2], market[3], grid[0], grid[1], grid[2], grid[3], deviation[0],
                deviation[1]);
    }

    /** The participant's trades in intervals starting in [from, to) as CSV (RFC 4180), streamed row by row. */
    public long tradesCsv(Viewer viewer, String participant, Instant from, Instant to, Writer out) throws IOException {
        viewer.requireMaySee(participant);
        out.write(Csv.row("trade_id", "interval_id", "interval_start", "role", "counterparty", "energy_kwh", "price", "amount", "settlement_state",
                "tx_hash"));
        long[] rows = {0};
        jdbc.sql("""
                        SELECT t.id, t.interval_id, i.starts_at, t.seller_id, t.buyer_id, t.energy_kwh, t.price, t.amount, coalesce(b.state, 'NOT_QUEUED'),
                               CASE WHEN b.tx_hash IS NULL THEN '' ELSE '0x' || encode(b.tx_hash, 'hex') END
                          FROM trades t JOIN trading_intervals i ON i.id = t.interval_id
                          LEFT JOIN settlement_batches b ON b.interval_id = t.interval_id AND t.seq BETWEEN b.first_seq AND b.last_seq
                         WHERE ? IN (t.seller_id, t.buyer_id) AND i.starts_at >= ? AND i.starts_at < ? ORDER BY t.id""")
                .params(participant, Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    boolean sold = rs.getString(4).equals(participant);
                    try {
                        out.write(Csv.row(Long.toString(rs.getLong(1)), Long.toString(rs.getLong(2)), rs.getTimestamp(3).toInstant().toString(),
                                sold ? "SELL" : "BUY", sold ? rs.getString(5) : rs.getString(4), rs.getBigDecimal(6).toPlainString(),
                                rs.getBigDecimal(7).toPlainString(), rs.getBigDecimal(8).toPlainString(), rs.getString(9), rs.getString(10)));
                        rows[0]++;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return rows[0];
    }
}
