package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.DefaultGasProvider;
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
 * block has the configured number of confirmations <em>and</em> the contract holds it (settled, with
 * the interval's Merkle root), after the chain's state was made durable ({@link ChainDurability}); a
 * node that is away leaves the batch as it was, with the error and the attempt counted, for the next
 * round. A SENT batch whose transaction the node no longer knows goes back to PENDING.
 * {@link #reconcile} checks confirmed batches against the contract and re-opens what the chain lost,
 * so that it is settled again, once.
 */
public final class SettlementWorker {

    /** What one round did. */
    public record Round(int sent, int confirmed, int recovered, int failed) {
    }

    /** A confirmed batch the chain no longer holds: re-opened as PENDING to be settled again. */
    public record LostBatch(long intervalId, int batchNo, String txHash, long blockNumber, String reason) {
    }

    /**
     * What a reconciliation pass found: the batches re-opened, the intervals whose stored root differs
     * from the database's (cannot be repaired by settling again: an alarm), the intervals checked, and
     * the interval id to continue from (0 when the pass reached the end).
     */
    public record Reconciliation(List<LostBatch> lost, List<String> conflicts, int intervalsChecked, long nextIntervalId) {
    }

    private final DataSource dataSource;
    private final Web3j web3j;
    private final GreenexSettlement contract;
    /** The operator's: batches are sent through it without waiting for each receipt in turn. */
    private final TransactionManager transactions;
    /** The gas of a batch's transaction, as the contracts are used everywhere (a batch is at most a few million). */
    private final ContractGasProvider gas = new DefaultGasProvider();
    /** Only the worker's own thread (runOnce) touches it. */
    private ParticipantIndex participants;
    private final int confirmations;
    private final ChainDurability durability;

    public SettlementWorker(DataSource dataSource, Web3j web3j, GreenexSettlement contract, TransactionManager transactions, int confirmations) {
        this(dataSource, web3j, contract, transactions, confirmations, ChainDurability.NONE);
    }

    /**
     * @param transactions the operator's, the one {@code contract} was loaded with: the batches' transactions
     *                     are sent through it, one after another, and their receipts read together
     */
    public SettlementWorker(DataSource dataSource, Web3j web3j, GreenexSettlement contract, TransactionManager transactions, int confirmations,
                            ChainDurability durability) {
        this.durability = java.util.Objects.requireNonNull(durability, "durability");
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
        }
        this.dataSource = dataSource;
        this.web3j = web3j;
        this.contract = contract;
        this.transactions = java.util.Objects.requireNonNull(transactions, "transactions");
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

    /**
     * One pass over the open batches: the pending ones are sent one after another, each without waiting
     * for its receipt (the node mines them in the order of their nonces while the next is packed); then
     * every sent batch is checked for confirmation, waiting for the receipts of those sent in this pass.
     */
    public Round runOnce() throws SQLException {
        int sent = 0;
        int recovered = 0;
        int failed = 0;
        List<Batch> toCheck = new ArrayList<>();
        java.util.Set<Long> sentNow = new java.util.HashSet<>();
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
                        markSent(b, Numeric.hexStringToByteArray(send(b)));
                        sentNow.add(b.id());
                        sent++;
                    }
                }
                toCheck.add(b);
            } catch (Exception e) {
                recordFailure(b, e);
                participants = null; // read the indexes from the chain again: an indexing call may have landed unseen
                failed++;
            }
        }
        List<Deep> deep = new ArrayList<>();
        for (Batch b : toCheck) {
            try {
                deepEnough(b, sentNow.contains(b.id())).ifPresent(deep::add);
            } catch (Exception e) {
                recordFailure(b, e);
                participants = null;
                failed++;
            }
        }
        int confirmed = 0;
        if (!deep.isEmpty()) {
            try {
                durability.persist(); // what the database will call confirmed survives a crash of the node
                for (Deep d : deep) {
                    if (markConfirmed(d)) {
                        confirmed++;
                    }
                }
            } catch (Exception e) {
                for (Deep d : deep) {
                    recordFailure(d.batch(), e);
                }
                failed += deep.size();
            }
        }
        return new Round(sent, confirmed, recovered, failed);
    }

    /** A SENT batch whose block is deep enough and whose contract state holds it. */
    private record Deep(Batch batch, long blockNumber) {
    }

    /**
     * Checks the confirmed batches of up to {@code maxIntervals} intervals from {@code fromIntervalId}
     * against the contract: a batch the contract does not hold as settled is moved back to PENDING
     * (counted in {@code lost_count}, the reason in {@code last_error}) and the next round settles it
     * again; an interval whose stored Merkle root differs from the database's is reported as a conflict.
     */
    public Reconciliation reconcile(long fromIntervalId, int maxIntervals) throws Exception {
        record Confirmed(long id, long intervalId, int batchNo, byte[] root, byte[] txHash, long block) {
        }
        java.util.Map<Long, List<Confirmed>> byInterval = new java.util.LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, interval_id, batch_no, merkle_root, tx_hash, block_number FROM settlement_batches "
                     + "WHERE state = '" + BatchState.CONFIRMED + "' AND interval_id IN (SELECT DISTINCT interval_id FROM settlement_batches "
                     + "WHERE state = '" + BatchState.CONFIRMED + "' AND interval_id >= ? ORDER BY interval_id LIMIT ?) ORDER BY interval_id, batch_no")) {
            ps.setLong(1, fromIntervalId);
            ps.setInt(2, maxIntervals);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Confirmed cb = new Confirmed(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4), rs.getBytes(5), rs.getLong(6));
                    byInterval.computeIfAbsent(cb.intervalId(), k -> new ArrayList<>()).add(cb);
                }
            }
        }
        List<LostBatch> lost = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        long last = -1;
        for (var e : byInterval.entrySet()) {
            long interval = e.getKey();
            last = interval;
            var onChain = contract.intervals(BigInteger.valueOf(interval)).send();
            byte[] root = e.getValue().getFirst().root();
            boolean rootKnown = onChain.component2().signum() != 0;
            if (rootKnown && !java.util.Arrays.equals(onChain.component1(), root)) {
                conflicts.add("interval " + interval + ": the contract holds root " + Numeric.toHexString(onChain.component1())
                        + ", the database " + Numeric.toHexString(root));
                continue;
            }
            if (rootKnown && onChain.component3().intValue() >= e.getValue().size() && allSettled(interval, e.getValue().stream().map(Confirmed::batchNo).toList())) {
                continue;
            }
            for (Confirmed cb : e.getValue()) {
                if (contract.batchSettled(BigInteger.valueOf(interval), BigInteger.valueOf(cb.batchNo())).send()) {
                    continue;
                }
                String reason = "the chain no longer holds batch " + cb.batchNo() + " of interval " + interval + " (confirmed in tx "
                        + Numeric.toHexString(cb.txHash()) + ", block " + cb.block() + "): settled again";
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement(move(BatchState.CONFIRMED, BatchState.PENDING) + ", tx_hash = NULL, block_number = NULL, "
                             + "lost_count = lost_count + 1, last_lost_at = now(), last_error = ?, updated_at = now() WHERE id = ? AND state = '"
                             + BatchState.CONFIRMED + "'")) {
                    ps.setString(1, reason);
                    ps.setLong(2, cb.id());
                    if (ps.executeUpdate() == 1) {
                        lost.add(new LostBatch(interval, cb.batchNo(), Numeric.toHexString(cb.txHash()), cb.block(), reason));
                    }
                }
            }
        }
        long next = byInterval.size() < maxIntervals ? 0 : last + 1;
        return new Reconciliation(lost, conflicts, byInterval.size(), next);
    }

    private boolean allSettled(long interval, List<Integer> batchNos) throws Exception {
        for (int n : batchNos) {
            if (!contract.batchSettled(BigInteger.valueOf(interval), BigInteger.valueOf(n)).send()) {
                return false;
            }
        }
        return true;
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

    /**
     * Signs and sends the batch's transaction (the next nonce of the operator) and returns its hash at
     * once; the node's refusal to take it (not a revert: that shows in the receipt) is an error.
     */
    private String send(Batch b) throws Exception {
        String data = contract.settleBatch(BigInteger.valueOf(b.intervalId()), BigInteger.valueOf(b.batchNo()), BigInteger.valueOf(b.batchCount()),
                b.root(), packedTrades(b)).encodeFunctionCall();
        org.web3j.protocol.core.methods.response.EthSendTransaction tx = transactions.sendTransaction(gas.getGasPrice(),
                gas.getGasLimit(), contract.getContractAddress(), data, BigInteger.ZERO);
        if (tx.hasError()) {
            throw new java.io.IOException("the node refused batch " + b.batchNo() + " of interval " + b.intervalId() + ": " + tx.getError().getMessage());
        }
        return tx.getTransactionHash();
    }

    /** How long a receipt of a transaction sent in this round is waited for; after that, the next round looks again. */
    private static final java.time.Duration RECEIPT_WAIT = java.time.Duration.ofMinutes(1);

    /** The receipt of a transaction just sent: asked for at once, then again at growing pauses (10 ms to 200 ms). */
    private Optional<TransactionReceipt> awaitReceipt(String hash) throws java.io.IOException, InterruptedException {
        long deadline = System.nanoTime() + RECEIPT_WAIT.toNanos();
        long pauseMs = 10;
        while (true) {
            Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (receipt.isPresent() || System.nanoTime() > deadline || web3j.ethGetTransactionByHash(hash).send().getTransaction().isEmpty()) {
                return receipt;
            }
            Thread.sleep(pauseMs);
            pauseMs = Math.min(pauseMs * 2, 200);
        }
    }

    /** The batch's trades as the contract takes them: compact records, every participant indexed on chain first. */
    private byte[] packedTrades(Batch b) throws Exception {
        List<TradeRecord> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seller_id, buyer_id, energy_kwh, price, seq FROM trades "
                     + "WHERE interval_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setLong(1, b.intervalId());
            ps.setInt(2, b.firstSeq());
            ps.setInt(3, b.lastSeq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new TradeRecord(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getInt(5)));
                }
            }
        }
        int expected = b.lastSeq() - b.firstSeq() + 1;
        if (records.size() != expected) {
            throw new IllegalStateException("batch " + b.batchNo() + " of interval " + b.intervalId() + ": " + records.size()
                    + " trades in the database for seq " + b.firstSeq() + "-" + b.lastSeq() + ", expected " + expected);
        }
        return participants().pack(records, contract);
    }

    /**
     * The contract's participant indexes, read from its events once, and again after a failure or when the chain's count
     * is not the one known here (a chain restored from an older state has fewer).
     */
    private ParticipantIndex participants() throws Exception {
        if (participants == null || participants.size() != contract.participantCount().send().intValueExact()) {
            participants = ParticipantIndex.load(web3j, contract);
        }
        return participants;
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

    /**
     * The batch's block when its transaction is deep enough and the contract holds the batch with the
     * interval's root; a SENT batch whose transaction the node no longer knows goes back to PENDING.
     */
    private Optional<Deep> deepEnough(Batch b, boolean sentNow) throws Exception {
        byte[] txHash;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tx_hash FROM settlement_batches WHERE id = ? AND state = '" + BatchState.SENT + "'")) {
            ps.setLong(1, b.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                txHash = rs.getBytes(1);
            }
        }
        String hash = Numeric.toHexString(txHash);
        Optional<TransactionReceipt> receipt = sentNow ? awaitReceipt(hash) : web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        if (receipt.isEmpty()) {
            if (web3j.ethGetTransactionByHash(hash).send().getTransaction().isEmpty()) {
                reopenVanished(b, hash);
            }
            return Optional.empty();
        }
        if (!receipt.get().isStatusOK()) {
            // Mined but refused by the contract: settled again (asked first whether it is settled) in the next round.
            String input = web3j.ethGetTransactionByHash(hash).send().getTransaction().map(t -> t.getInput()).orElse("");
            String reason = org.web3j.utils.RevertReasonExtractor.extractRevertReason(receipt.get(), input, web3j, true, BigInteger.ZERO);
            reopen(b, "transaction " + hash + " failed on chain: " + reason);
            throw new IllegalStateException("batch " + b.batchNo() + " of interval " + b.intervalId() + ": transaction " + hash
                    + " failed on chain (status " + receipt.get().getStatus() + ", gas used " + receipt.get().getGasUsed() + "): " + reason);
        }
        BigInteger block = receipt.get().getBlockNumber();
        BigInteger head = web3j.ethBlockNumber().send().getBlockNumber();
        if (head.subtract(block).longValue() + 1 < confirmations) {
            return Optional.empty();
        }
        // Confirmed by the contract's state, not by block height alone.
        BigInteger interval = BigInteger.valueOf(b.intervalId());
        if (!contract.batchSettled(interval, BigInteger.valueOf(b.batchNo())).send()) {
            reopenVanished(b, hash);
            return Optional.empty();
        }
        byte[] stored = contract.intervals(interval).send().component1();
        if (!java.util.Arrays.equals(stored, b.root())) {
            throw new IllegalStateException("interval " + b.intervalId() + ": the contract holds Merkle root " + Numeric.toHexString(stored)
                    + ", the database " + Numeric.toHexString(b.root()));
        }
        return Optional.of(new Deep(b, block.longValueExact()));
    }

    private boolean markConfirmed(Deep d) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(move(BatchState.SENT, BatchState.CONFIRMED) + ", block_number = ?, updated_at = now() "
                     + "WHERE id = ? AND state = '" + BatchState.SENT + "'")) {
            ps.setLong(1, d.blockNumber());
            ps.setLong(2, d.batch().id());
            return ps.executeUpdate() == 1;
        }
    }

    /** SENT → PENDING: the node does not know the transaction (or the contract not the batch); the next round asks the contract first, then sends. */
    private void reopenVanished(Batch b, String txHash) throws SQLException {
        reopen(b, "transaction " + txHash + " is not on the chain any more: to be sent again");
    }

    private void reopen(Batch b, String why) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(move(BatchState.SENT, BatchState.PENDING) + ", tx_hash = NULL, last_error = ?, updated_at = now() "
                     + "WHERE id = ? AND state = '" + BatchState.SENT + "'")) {
            ps.setString(1, why.replace('\u0000', ' '));
            ps.setLong(2, b.id());
            ps.executeUpdate();
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
            // A revert's data decoded as text may hold NUL characters, which PostgreSQL's text refuses.
            ps.setString(1, (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\u0000', ' '));
            ps.setLong(2, b.id());
            ps.executeUpdate();
        }
    }
}
