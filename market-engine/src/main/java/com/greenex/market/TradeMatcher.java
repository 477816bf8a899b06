package com.greenex.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a cleared interval into bilateral trades. A uniform-price market says how much each
 * participant sells or buys, not to whom; settlement and certificates need pairs. Sellers and buyers
 * are walked in merit order (the competing side by its final rank, the short side by id) and matched
 * greedily, which gives at most sellers + buyers - 1 trades, each pair at most once, and every
 * participant's market energy exactly accounted for.
 */
public final class TradeMatcher {

    private TradeMatcher() {
    }

    public static List<Trade> match(MarketResult result) {
        if (result.clearingPrice() == null) {
            return List.of();
        }
        List<ParticipantResult> sellers = side(result, Side.SELL);
        List<ParticipantResult> buyers = side(result, Side.BUY);
        List<Trade> trades = new ArrayList<>();
        int s = 0;
        int b = 0;
        BigDecimal sellerLeft = sellers.isEmpty() ? BigDecimal.ZERO : sellers.getFirst().marketKwh();
        BigDecimal buyerLeft = buyers.isEmpty() ? BigDecimal.ZERO : buyers.getFirst().marketKwh();
        while (s < sellers.size() && b < buyers.size()) {
            BigDecimal q = sellerLeft.min(buyerLeft);
            if (q.signum() > 0) {
                trades.add(new Trade(trades.size(), sellers.get(s).id(), buyers.get(b).id(), plain(q),
                        result.clearingPrice(), plain(result.clearingPrice().multiply(q))));
            }
            sellerLeft = sellerLeft.subtract(q);
            buyerLeft = buyerLeft.subtract(q);
            if (sellerLeft.signum() == 0 && ++s < sellers.size()) {
                sellerLeft = sellers.get(s).marketKwh();
            }
            if (buyerLeft.signum() == 0 && ++b < buyers.size()) {
                buyerLeft = buyers.get(b).marketKwh();
            }
        }
        return trades;
    }

    /** No trailing zeros, never an exponent: 10, not 1E+1. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static List<ParticipantResult> side(MarketResult result, Side side) {
        return result.participants().stream()
                .filter(p -> p.side() == side && p.marketKwh().signum() > 0)
                .sorted(Comparator.comparingInt((ParticipantResult p) -> p.rank() == 0 ? Integer.MAX_VALUE : p.rank())
                        .thenComparing(ParticipantResult::id))
                .toList();
    }
}
