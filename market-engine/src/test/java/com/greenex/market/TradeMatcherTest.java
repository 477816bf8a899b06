package com.greenex.market;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.greenex.market.Participants.aBuyer;
import static com.greenex.market.Participants.aSeller;
import static com.greenex.market.Participants.paperInterval;
import static org.assertj.core.api.Assertions.assertThat;

class TradeMatcherTest {

    @Test
    void table3BecomesTwoTradesAtTheClearingPrice() {
        MarketResult r = new MarketEngine().clear(paperInterval(
                aSeller("E").surplusKwh("12").soc("86").build(),
                aSeller("F").surplusKwh("13").soc("66").build(),
                aSeller("G").surplusKwh("1").soc("52").build(),
                aSeller("H").surplusKwh("3").soc("100").build(),
                aBuyer("B1").deficitKwh("13").build()));

        List<Trade> trades = TradeMatcher.match(r);

        assertThat(trades).containsExactly(
                new Trade(0, "H", "B1", new BigDecimal("3"), new BigDecimal("0.64"), new BigDecimal("1.92")),
                new Trade(1, "E", "B1", new BigDecimal("10"), new BigDecimal("0.64"), new BigDecimal("6.4")));
    }

    @Test
    void nobodyTradesWithoutACounterparty() {
        MarketResult r = new MarketEngine().clear(paperInterval(aSeller("S").surplusKwh("3").build()));

        assertThat(TradeMatcher.match(r)).isEmpty();
    }

    @Property(tries = 300)
    void everyParticipantsMarketEnergyIsTradedExactlyAndEachPairOnce(@ForAll("intervals") Interval interval) {
        MarketResult r = new MarketEngine().clear(interval);
        List<Trade> trades = TradeMatcher.match(r);

        Map<String, BigDecimal> traded = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            assertThat(t.seq()).isEqualTo(i);
            assertThat(t.energyKwh().signum()).isPositive();
            assertThat(t.amount()).isEqualByComparingTo(t.price().multiply(t.energyKwh()));
            assertThat(pairs.add(t.sellerId() + ">" + t.buyerId())).as("pair once").isTrue();
            traded.merge(t.sellerId(), t.energyKwh(), BigDecimal::add);
            traded.merge(t.buyerId(), t.energyKwh(), BigDecimal::add);
        }
        for (ParticipantResult p : r.participants()) {
            assertThat(traded.getOrDefault(p.id(), BigDecimal.ZERO)).as(p.id()).isEqualByComparingTo(p.marketKwh());
        }
        long sellers = r.participants().stream().filter(p -> p.side() == Side.SELL && p.marketKwh().signum() > 0).count();
        long buyers = r.participants().stream().filter(p -> p.side() == Side.BUY && p.marketKwh().signum() > 0).count();
        assertThat((long) trades.size()).isLessThanOrEqualTo(Math.max(0, sellers + buyers - 1));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Interval> intervals() {
        return new MarketPropertiesTest().intervals();
    }
}
