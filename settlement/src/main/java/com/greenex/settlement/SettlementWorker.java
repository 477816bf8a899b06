package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the outbox's batches to the chain, exactly once: before sending a batch it asks the contract
 * whether that batch is already settled (a send whose result was never written back, before a crash
 * or a lost connection) and then only records the existing transaction. A batch is CONFIRMED once its
 * block has the configured number of confirmations; a node that is away leaves the batch as it was,
 * with the error and the attempt counted, for the next round.
 */
public final class SettlementWorker {

    /** What one round did. */
    public record Round(int sent, int confirmed, int recovered, int failed) {
    }

    private final DataSource dataSource;
    private final Web3j web3j;
    private final GreenexSettlement contract;
    private final int confirmations;

    public SettlementWorker(DataSource dataSource, Web3j web3j, GreenexSettlement contract, int confirmations) {
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
        }
        this.dataSource = dataSource;
        this.web3j = web3j;
        this.contract = contract;
        this.confirmations = confirmations;
    }

    private record Batch(long id, long intervalId, int batchNo, int firstSeq, int lastSeq, byte[] root, BatchState state,
                         byte[] txHash, int batchCount) {
    }

    /**
     * Runs rounds until stopped: every poll interval while things go well, backing off (doubling to a
     * minute) while rounds fail, as when the node is away.
     */
    public void runUntil(java.util.function.BooleanSupplier stop, java.time.Duration poll) throws InterruptedException {
        long waitMs = poll.toMillis();
        while (!stop.getAsBoolean()) {
            boolean failed;
            try {
                failed = runOnce().failed() > 0;
            } catch (SQLException e) {
                failed = true; // the database is away: the same backoff
            }
            waitMs = failed ? Math.min(Math.max(waitMs * 2, poll.toMillis()), 60_000) : poll.toMillis();
            Thread.sleep(waitMs);
        }
    }

    /** One pass over the open batches. */
    public Round runOnce() throws SQLException {
        int sent = 0;
        int confirmed = 0;
        int recovered = 0;
        int failed = 0;
        for (Batch b : openBatches()) {
            try {
                if (b.state() == BatchState.PENDING) {
                    if (contract.batchSettled(BigInteger.valueOf(b.intervalId()), BigInteger.valueOf(b.batchNo())).send()) {
                        // Settled before, but the database never heard: record the existing transaction, send nothing.
                        Log log = findSettlement(b).orElseThrow(() -> new IllegalStateException(
                                "batch " + b.batchNo() + " of interval " + b.intervalId() + " is settled on chain but its event was not found"));
                        markSent(b, Numeric.hexStringToByteArray(log.getTransactionHash()));
                        recovered++;
                    } else {
                        TransactionReceipt receipt = contract.settleBatch(BigInteger.valueOf(b.intervalId()), BigInteger.valueOf(b.batchNo()),
                                BigInteger.valueOf(b.batchCount()), b.root(), packedTrades(b)).send();
                        markSent(b, Numeric.hexStringToByteArray(receipt.getTransactionHash()));
                        sent++;
                    }
                }
                if (confirmIfDeep(b)) {
                    confirmed++;
                }
            } catch (Exception e) {
                recordFailure(b, e);
                failed++;
            }
        }
        return new Round(sent, confirmed, recovered, failed);
    }

    private List<Batch> openBatches() throws SQLException {
        List<Batch> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT b.id, b.interval_id, b.batch_no, b.first_seq, b.last_seq, b.merkle_root, b.state, b.tx_hash, "
                     + "(SELECT count(*) FROM settlement_batches x WHERE x.interval_id = b.interval_id) AS batch_count "
                     + "FROM settlement_batches b WHERE b.state IN ('" + BatchState.PENDING + "', '" + BatchState.SENT + "') ORDER BY b.interval_id, b.batch_no");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Batch(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getBytes(6),
                        BatchState.valueOf(rs.getString(7)), rs.getBytes(8), rs.getInt(9)));
            }
        }
        return out;
    }

    private byte[] packedTrades(Batch b) throws SQLException {
        List<byte[]> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seller_id, buyer_id, energy_kwh, price, seq FROM trades "
                     + "WHERE interval_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setLong(1, b.intervalId());
            ps.setInt(2, b.firstSeq());
            ps.setInt(3, b.lastSeq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal energy = rs.getBigDecimal(3);
                    BigDecimal price = rs.getBigDecimal(4);
                    records.add(new TradeRecord(rs.getString(1), rs.getString(2), energy, price, rs.getInt(5)).encode());
                }
            }
        }
        int expected = b.lastSeq() - b.firstSeq() + 1;
        if (records.size() != expected) {
            throw new IllegalStateException("batch " + b.batchNo() + " of interval " + b.intervalId() + ": " + records.size()
                    + " trades in the database for seq " + b.firstSeq() + "-" + b.lastSeq() + ", expected " + expected);
        }
        byte[] packed = new byte[expected * TradeRecord.BYTES];
        for (int i = 0; i < expected; i++) {
            System.arraycopy(records.get(i), 0, packed, i * TradeRecord.BYTES, TradeRecord.BYTES);
        }
        return packed;
    }

    private Optional<Log> findSettlement(Batch b) throws java.io.IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO),
                DefaultBlockParameter.valueOf("latest"), contract.getContractAddress());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(GreenexSettlement.BATCHSETTLED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(b.intervalId()), 64));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(b.batchNo()), 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new java.io.IOException("eth_getLogs: " + logs.getError().getMessage());
        }
        return logs.getLogs().stream().map(r -> (Log) r.get()).findFirst();
    }

    private void markSent(Batch b, byte[] txHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(move(BatchState.PENDING, BatchState.SENT) + ", tx_hash = ?, attempts = attempts + 1, "
                     + "last_error = NULL, updated_at = now() WHERE id = ? AND state = '" + BatchState.PENDING + "'")) {
            ps.setBytes(1, txHash);
            ps.setLong(2, b.id());
            ps.executeUpdate();
        }
    }

    /** CONFIRMED when the transaction's block is deep enough. */
    private boolean confirmIfDeep(Batch b) throws Exception {
        byte[] txHash;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tx_hash FROM settlement_batches WHERE id = ? AND state = '" + BatchState.SENT + "'")) {
            ps.setLong(1, b.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                txHash = rs.getBytes(1);
            }
        }
        Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(Numeric.toHexString(txHash)).send().getTransactionReceipt();
        if (receipt.isEmpty()) {
            return false;
        }
        BigInteger block = receipt.get().getBlockNumber();
        BigInteger head = web3j.ethBlockNumber().send().getBlockNumber();
        if (head.subtract(block).longValue() + 1 < confirmations) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(move(BatchState.SENT, BatchState.CONFIRMED) + ", block_number = ?, updated_at = now() "
                     + "WHERE id = ? AND state = '" + BatchState.SENT + "'")) {
            ps.setLong(1, block.longValueExact());
            ps.setLong(2, b.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** The start of the one statement that moves a batch: refuses a move {@link BatchState} does not allow. */
    private static String move(BatchState from, BatchState to) {
        from.requireMoveTo(to);
        return "UPDATE settlement_batches SET state = '" + to + "'";
    }

    private void recordFailure(Batch b, Exception e) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE settlement_batches SET attempts = attempts + 1, last_error = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, e.getClass().getSimpleName() + ": " + e.getMessage());
            ps.setLong(2, b.id());
            ps.executeUpdate();
        }
    }
}
