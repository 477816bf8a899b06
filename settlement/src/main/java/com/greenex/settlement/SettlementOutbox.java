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
        if (trades.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < trades.size(); i++) {
            if (trades.get(i).seq() != i) {
                throw new IllegalArgumentException("interval " + intervalId + ": trade at position " + i + " has seq " + trades.get(i).seq());
            }
        }
        byte[] root = new MerkleTree(intervalId, trades).root();
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
