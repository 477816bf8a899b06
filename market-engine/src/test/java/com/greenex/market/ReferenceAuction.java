package com.greenex.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deliberately naive re-implementation of one clearing (market-model.md, "Clearing one round"),
 * in BigDecimal over the public types, to check the engine's integer, incremental code against.
 */
final class ReferenceAuction {

    record Bid(String id, BigDecimal quote, int rank, BigDecimal energy, BigDecimal reservation) {
    }

    record Cleared(BigDecimal price, List<BigDecimal> served) {
    }

    private ReferenceAuction() {
    }

    /** Sellers ascending (buyer's market) or buyers descending (seller's market), ties by rank. */
    static Cleared clear(List<Bid> bids, BigDecimal demand, boolean sellersCompete) {
        Comparator<Bid> byQuote = Comparator.comparing(Bid::quote);
        if (!sellersCompete) {
            byQuote = byQuote.reversed();
        }
        List<Bid> sorted = new ArrayList<>(bids);
        sorted.sort(byQuote.thenComparingInt(Bid::rank));
        BigDecimal left = demand;
        BigDecimal price = null;
        BigDecimal[] served = new BigDecimal[bids.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Bid b = sorted.get(i);
            BigDecimal q = left.min(b.energy());
            served[bids.indexOf(b)] = q;
            if (price == null && q.signum() > 0 && left.compareTo(b.energy()) <= 0) {
                boolean soldAll = q.compareTo(b.energy()) == 0;
                price = soldAll && i + 1 < sorted.size() ? sorted.get(i + 1).quote() : b.quote();
            }
            left = left.subtract(q);
        }
        return new Cleared(price, List.of(served));
    }

    static BigDecimal utility(Bid b, BigDecimal price, BigDecimal served, boolean seller) {
        BigDecimal margin = seller ? price.subtract(b.reservation()) : b.reservation().subtract(price);
        return margin.multiply(served);
    }

    /**
     * Every competing participant, every tick: the first quote that would give it strictly more
     * utility than the engine's result, or null when the result is an equilibrium.
     */
    static String firstProfitableDeviation(Interval interval, MarketResult result) {
        if (result.method() == SolveMethod.BALANCED || result.method() == SolveMethod.NO_TRADE) {
            return null;
        }
        boolean sellersCompete = result.marketType() == MarketType.BUYERS_MARKET;
        Side competing = sellersCompete ? Side.SELL : Side.BUY;
        List<Bid> bids = new ArrayList<>();
        for (ParticipantResult p : result.participants()) {
            if (p.side() == competing) {
                Participant in = interval.participants().stream().filter(x -> x.id().equals(p.id())).findFirst().orElseThrow();
                bids.add(new Bid(p.id(), p.quote(), p.rank(), in.energyKwh(), p.reservationPrice()));
            }
        }
        BigDecimal demand = sellersCompete ? result.demandKwh() : result.supplyKwh();
        for (int k = 0; k < bids.size(); k++) {
            Bid b = bids.get(k);
            BigDecimal now = utility(b, result.clearingPrice(), result.participant(b.id()).orElseThrow().marketKwh(), sellersCompete);
            for (BigDecimal t = interval.gridFeedInPrice(); t.compareTo(interval.gridRetailPrice()) <= 0; t = t.add(interval.priceTick())) {
                List<Bid> deviated = new ArrayList<>(bids);
                deviated.set(k, new Bid(b.id(), t, b.rank(), b.energy(), b.reservation()));
                Cleared c = clear(deviated, demand, sellersCompete);
                BigDecimal u = utility(b, c.price(), c.served().get(k), sellersCompete);
                if (u.compareTo(now) > 0) {
                    return b.id() + " gains " + u.subtract(now) + " by quoting " + t + " instead of " + b.quote();
                }
            }
        }
        return null;
    }
}
