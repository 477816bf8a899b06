package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a regulator runs without trusting our database: rebuilds an interval's trades from the chain
 * alone (the BatchSettled events) and compares them, trade by trade, with the database, and proves any
 * single trade against the Merkle root the contract stored. Every difference is reported, none hidden.
 */
public final class SettlementVerifier {

    /** One difference between chain and database. */
    public record Mismatch(long intervalId, Long seq, String problem) {
    }

    /** A trade's Merkle proof, the root on chain, and whether the contract accepts the proof. */
    public record TradeProof(long intervalId, TradeRecord trade, List<byte[]> proof, byte[] onChainRoot, boolean verifiedOnChain) {
    }

    private final DataSource dataSource;
    private final Web3j web3j;
    private final GreenexSettlement contract;

    public SettlementVerifier(DataSource dataSource, Web3j web3j, GreenexSettlement contract) {
        this.dataSource = dataSource;
        this.web3j = web3j;
        this.contract = contract;
    }

    public List<Mismatch> verifyInterval(long intervalId) throws Exception {
        Map<Long, TradeRecord> db = new TreeMap<>();
        for (TradeRecord t : databaseTrades(intervalId)) {
            db.put(t.seq(), t);
        }
        Map<Long, TradeRecord> chain = new TreeMap<>();
        ParticipantIndex participants = null;
        for (Log log : settlementLogs(intervalId)) {
            byte[] packed = GreenexSettlement.getBatchSettledEventFromLog(log).trades;
            if (participants == null) {
                participants = ParticipantIndex.load(web3j, contract);
            }
            for (int off = 0; off < packed.length; off += TradeRecord.COMPACT_BYTES) {
                TradeRecord t = TradeRecord.decodeCompact(packed, off, participants::id);
                chain.put(t.seq(), t);
            }
        }
        List<Mismatch> out = new ArrayList<>();
        for (Map.Entry<Long, TradeRecord> e : db.entrySet()) {
            TradeRecord onChain = chain.get(e.getKey());
            if (onChain == null) {
                out.add(new Mismatch(intervalId, e.getKey(), "in the database, not on chain"));
            } else if (!Arrays.equals(onChain.encode(), e.getValue().encode())) {
                out.add(new Mismatch(intervalId, e.getKey(), "differs: database " + describe(e.getValue()) + ", chain " + describe(onChain)));
            }
        }
        for (Long seq : chain.keySet()) {
            if (!db.containsKey(seq)) {
                out.add(new Mismatch(intervalId, seq, "on chain, not in the database: " + describe(chain.get(seq))));
            }
        }
        if (!db.isEmpty()) {
            byte[] root = new MerkleTree(intervalId, new ArrayList<>(db.values())).root();
            byte[] stored = onChainRoot(intervalId);
            if (!Arrays.equals(root, stored)) {
                out.add(new Mismatch(intervalId, null, "Merkle root of the database's trades " + Numeric.toHexString(root)
                        + " is not the root on chain " + Numeric.toHexString(stored)));
            }
        }
        return out;
    }

    /** The proof of one trade as the database has it, checked by the contract. */
    public TradeProof proof(long intervalId, long seq) throws Exception {
        List<TradeRecord> trades = databaseTrades(intervalId);
        int index = -1;
        for (int i = 0; i < trades.size(); i++) {
            if (trades.get(i).seq() == seq) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("interval " + intervalId + " has no trade " + seq);
        }
        MerkleTree tree = new MerkleTree(intervalId, trades);
        List<byte[]> proof = tree.proof(index);
        boolean ok = contract.verifyTrade(BigInteger.valueOf(intervalId), trades.get(index).encode(), proof).send();
        return new TradeProof(intervalId, trades.get(index), proof, onChainRoot(intervalId), ok);
    }

    private byte[] onChainRoot(long intervalId) throws Exception {
        return contract.intervals(BigInteger.valueOf(intervalId)).send().component1();
    }

    private List<TradeRecord> databaseTrades(long intervalId) throws SQLException {
        List<TradeRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seller_id, buyer_id, energy_kwh, price, seq FROM trades WHERE interval_id = ? ORDER BY seq")) {
            ps.setLong(1, intervalId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TradeRecord(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    private List<Log> settlementLogs(long intervalId) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameter.valueOf("latest"),
                contract.getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(GreenexSettlement.BATCHSETTLED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(intervalId), 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new java.io.IOException("eth_getLogs: " + logs.getError().getMessage());
        }
        List<Log> out = new ArrayList<>();
        for (EthLog.LogResult<?> r : logs.getLogs()) {
            out.add((Log) r.get());
        }
        return out;
    }

    private static String describe(TradeRecord t) {
        return t.sellerId() + " -> " + t.buyerId() + " " + t.energyKwh().stripTrailingZeros().toPlainString() + " kWh at "
                + t.price().stripTrailingZeros().toPlainString();
    }
}
