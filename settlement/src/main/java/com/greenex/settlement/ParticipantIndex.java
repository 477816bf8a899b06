package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settlement contract's participant indexes: a trade in calldata names its seller and buyer by
 * index, and the contract's ParticipantsIndexed events name each index's id, so the chain alone still
 * rebuilds every trade. Read from those events (the chain is the truth: nothing kept elsewhere), and
 * extended by the operator before a batch that names someone new.
 */
public final class ParticipantIndex {

    /** Ids indexed per transaction at most (one event of 32 bytes an id). */
    static final int PER_TRANSACTION = 500;

    private final Map<String, Integer> indexes = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    private ParticipantIndex() {
    }

    /** Every index the contract's events name, in order; refuses a gap or an overlap (never silently). */
    public static ParticipantIndex load(Web3j web3j, GreenexSettlement contract) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameter.valueOf("latest"),
                contract.getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(GreenexSettlement.PARTICIPANTSINDEXED_EVENT));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new IOException("eth_getLogs (ParticipantsIndexed): " + logs.getError().getMessage());
        }
        TreeMap<Integer, List<byte[]>> byFirst = new TreeMap<>();
        for (EthLog.LogResult<?> r : logs.getLogs()) {
            GreenexSettlement.ParticipantsIndexedEventResponse e = GreenexSettlement.getParticipantsIndexedEventFromLog((Log) r.get());
            byFirst.put(e.firstIndex.intValueExact(), e.ids);
        }
        ParticipantIndex index = new ParticipantIndex();
        for (Map.Entry<Integer, List<byte[]>> e : byFirst.entrySet()) {
            if (e.getKey() != index.ids.size()) {
                throw new IOException("ParticipantsIndexed events of " + contract.getContractAddress() + " start at " + e.getKey() + " where "
                        + index.ids.size() + " was expected");
            }
            for (byte[] raw : e.getValue()) {
                index.add(TradeRecord.idOf(raw));
            }
        }
        return index;
    }

    private void add(String id) {
        indexes.putIfAbsent(id, ids.size());
        ids.add(id);
    }

    public synchronized int size() {
        return ids.size();
    }

    /** The id of an index. @throws NoSuchElementException when the contract named none */
    public synchronized String id(int index) {
        if (index < 0 || index >= ids.size()) {
            throw new NoSuchElementException("participant index " + index + " is not named on chain (" + ids.size() + " are)");
        }
        return ids.get(index);
    }

    /** The index of an id. @throws NoSuchElementException when it has none yet */
    public synchronized int index(String id) {
        Integer i = indexes.get(id);
        if (i == null) {
            throw new NoSuchElementException("participant " + id + " has no index on chain yet");
        }
        return i;
    }

    /**
     * Indexes on chain every id of {@code wanted} that has none, in transactions of at most {@link #PER_TRANSACTION}; an
     * index is known here only once its transaction succeeded.
     */
    public synchronized void ensure(Collection<String> wanted, GreenexSettlement contract) throws Exception {
        Set<String> missing = new LinkedHashSet<>();
        for (String id : wanted) {
            if (!indexes.containsKey(id)) {
                missing.add(id);
            }
        }
        List<String> todo = new ArrayList<>(missing);
        for (int from = 0; from < todo.size(); from += PER_TRANSACTION) {
            List<String> chunk = todo.subList(from, Math.min(todo.size(), from + PER_TRANSACTION));
            List<byte[]> raw = new ArrayList<>(chunk.size());
            for (String id : chunk) {
                raw.add(TradeRecord.idBytes(id));
            }
            contract.indexParticipants(BigInteger.valueOf(ids.size()), raw).send();
            for (String id : chunk) {
                add(id);
            }
        }
    }

    /**
     * The trades as settleBatch takes them: compact records, their participants named on chain first (as the operator of
     * {@code contract}).
     */
    public synchronized byte[] pack(List<TradeRecord> trades, GreenexSettlement contract) throws Exception {
        List<String> named = new ArrayList<>(2 * trades.size());
        for (TradeRecord t : trades) {
            named.add(t.sellerId());
            named.add(t.buyerId());
        }
        ensure(named, contract);
        byte[] packed = new byte[trades.size() * TradeRecord.COMPACT_BYTES];
        for (int i = 0; i < trades.size(); i++) {
            TradeRecord t = trades.get(i);
            System.arraycopy(t.encodeCompact(index(t.sellerId()), index(t.buyerId())), 0, packed, i * TradeRecord.COMPACT_BYTES,
                    TradeRecord.COMPACT_BYTES);
        }
        return packed;
    }
}
