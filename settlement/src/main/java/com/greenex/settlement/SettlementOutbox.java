package com.greenex.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The outbox side of settlement: in the same transaction that stores a clearing result and its
 * trades, one PENDING row per batch goes into settlement_batches, with the interval's Merkle root.
 * Nothing reaches the chain here; the {@link SettlementWorker} sends what is pending.
 */
public final class SettlementOutbox {

    private SettlementOutbox() {
    }

    /**
     * @param trades the interval's trades in sequence order (seq 0..n-1), as stored in the trades table
     * @return the number of batches written
     */
    public static int enqueue(Connection c, long intervalId, List<TradeRecord> trades, int maxBatch) throws SQLException {
        return trades.isEmpty() ? 0 : enqueue(c, intervalId, trades, root(intervalId, trades), maxBatch);
    }

    /**
     * The interval's Merkle root over its trades, for {@link #enqueue(Connection, long, List, byte[], int)}: computed
     * apart (on another core while the trades are written), it is the same root.
     *
     * @param trades the interval's trades in sequence order (seq 0..n-1), at least one
     */
    public static byte[] root(long intervalId, List<TradeRecord> trades) {
        if (trades.isEmpty()) {
            throw new IllegalArgumentException("interval " + intervalId + ": no trades, no Merkle root");
        }
        for (int i = 0; i < trades.size(); i++) {
            if (trades.get(i).seq() != i) {
                throw new IllegalArgumentException("interval " + intervalId + ": trade at position " + i + " has seq " + trades.get(i).seq());
            }
        }
        return new MerkleTree(intervalId, trades).root();
    }

    /**
     * @param trades the interval's trades in sequence order (seq 0..n-1), at least one
     * @param root   their Merkle root, from {@link #root(long, List)} over these trades
     * @return the number of batches written
     */
    public static int enqueue(Connection c, long intervalId, List<TradeRecord> trades, byte[] root, int maxBatch) throws SQLException {
        if (trades.isEmpty() || root == null || root.length != 32) {
            throw new IllegalArgumentException("interval " + intervalId + ": " + trades.size() + " trades with a root of "
                    + (root == null ? "null" : root.length + " bytes") + ": a batch needs trades and their 32-byte Merkle root");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("interval " + intervalId + ": a batch holds at least one trade, not " + maxBatch);
        }
        int batches = (trades.size() + maxBatch - 1) / maxBatch;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_batches (interval_id, batch_no, first_seq, last_seq, merkle_root) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            for (int b = 0; b < batches; b++) {
                ps.setLong(1, intervalId);
                ps.setInt(2, b);
                ps.setInt(3, b * maxBatch);
                ps.setInt(4, Math.min(trades.size(), (b + 1) * maxBatch) - 1);
                ps.setBytes(5, root);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return batches;
    }
}
