package com.greenex.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Test data: a cleared interval with its trades and settlement outbox, written as the portal writes them. */
final class ClearedIntervals {

    private ClearedIntervals() {
    }

    /** In one transaction: the interval, its clearing result, the trades and the outbox rows; returns the interval id. */
    static long store(Connection c, List<TradeRecord> trades, int maxBatch) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long id;
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO market_zones (id, name) VALUES ('Z-SETTLEMENT', 'settlement tests') ON CONFLICT DO NOTHING");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) "
                    + "VALUES ('Z-SETTLEMENT', now() + (random() * 100000000) * interval '1 second', now() + interval '10000 days') RETURNING id")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, "
                        + "equilibrium, grid_feed_in_price, grid_retail_price, price_tick) VALUES (" + id
                        + ", 'BUYERS_MARKET', 100, 50, 0.64, 1, 'PAPER_ITERATION', 'VERIFIED', 0.40, 1.10, 0.01)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount, delivered_kwh) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TradeRecord t : trades) {
                    ps.setLong(1, id);
                    ps.setLong(2, t.seq());
                    ps.setString(3, t.sellerId());
                    ps.setString(4, t.buyerId());
                    ps.setBigDecimal(5, t.energyKwh());
                    ps.setBigDecimal(6, t.price());
                    ps.setBigDecimal(7, t.price().multiply(t.energyKwh()));
                    ps.setBigDecimal(8, t.energyKwh()); // delivered as scheduled
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            SettlementOutbox.enqueue(c, id, trades, maxBatch);
            c.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
