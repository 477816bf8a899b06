package com.greenex.portal.trades;

import com.greenex.portal.security.Viewer;
import com.greenex.settlement.SettlementVerifier;
import org.springframework.stereotype.Service;
import org.web3j.utils.Numeric;

import java.util.List;
import java.util.NoSuchElementException;

/** A trade's Merkle proof, and what the settlement contract says of it. */
@Service
public class TradeProofs {

    /**
     * @param leafRecordHex   the 104-byte trade record the leaf hashes (0x...)
     * @param proof           sibling hashes from the leaf up
     * @param onChainRoot     the interval's root as the contract holds it (all zero when not settled)
     * @param verifiedOnChain the contract's verifyTrade for this record and proof
     */
    public record Proof(long tradeId, long intervalId, int seq, String sellerId, String buyerId, String energyKwh, String price,
                        String leafRecordHex, List<String> proof, String onChainRoot, boolean verifiedOnChain, String txHash,
                        Long blockNumber, String settlementContract) {
    }

    private final TradeQueries queries;
    private final SettlementVerifier verifier;
    private final ChainConfiguration.Contracts contracts;

    public TradeProofs(TradeQueries queries, SettlementVerifier verifier, ChainConfiguration.Contracts contracts) {
        this.queries = queries;
        this.verifier = verifier;
        this.contracts = contracts;
    }

    /**
     * @throws NoSuchElementException when there is no such trade
     * @throws org.springframework.security.access.AccessDeniedException when the viewer may not see it
     * @throws IllegalStateException when the chain cannot be asked (naming why)
     */
    public Proof proof(long tradeId, Viewer viewer) {
        TradeRow t = queries.trade(tradeId).orElseThrow(() -> new NoSuchElementException("no trade " + tradeId));
        if (!viewer.maySee(t.sellerId()) && !viewer.maySee(t.buyerId())) {
            throw new org.springframework.security.access.AccessDeniedException(
                    viewer.username() + " may see only participant " + viewer.participantId() + "'s trades; trade " + tradeId + " is not one");
        }
        SettlementVerifier.TradeProof p;
        try {
            p = verifier.proof(t.intervalId(), t.seq());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("trade " + tradeId + ": the chain could not be asked for its proof: " + e.getMessage(), e);
        }
        return new Proof(t.id(), t.intervalId(), t.seq(), t.sellerId(), t.buyerId(), t.energyKwh().toPlainString(), t.price().toPlainString(),
                Numeric.toHexString(p.trade().encode()), p.proof().stream().map(Numeric::toHexString).toList(),
                Numeric.toHexString(p.onChainRoot()), p.verifiedOnChain(), t.txHash(), t.blockNumber(),
                contracts.settlement().getContractAddress());
    }
}
