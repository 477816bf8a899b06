package com.greenex.market;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static com.greenex.market.Participants.aBuyer;
import static com.greenex.market.Participants.aSeller;
import static com.greenex.market.Participants.paperInterval;
import static org.assertj.core.api.Assertions.assertThat;

class MarketEngineTest {

    private final MarketEngine engine = new MarketEngine();

    @Test
    void reservationPriceFollowsTheStateOfChargeRoundedHalfUpToTheTick() {
        MarketResult r = engine.clear(paperInterval(
                aBuyer("B").deficitKwh("11").soc("42").build(),
                aSeller("E").surplusKwh("12").soc("86").build(),
                aSeller("full").surplusKwh("1").build(),
                aBuyer("empty").deficitKwh("1").build()));

        assertThat(r.participant("B").orElseThrow().reservationPrice()).isEqualByComparingTo("0.81"); // 0.806
        assertThat(r.participant("E").orElseThrow().reservationPrice()).isEqualByComparingTo("0.50"); // 0.498
        assertThat(r.participant("full").orElseThrow().reservationPrice()).isEqualByComparingTo("0.40");
        assertThat(r.participant("empty").orElseThrow().reservationPrice()).isEqualByComparingTo("1.10");
    }

    @Test
    void sellersMarketPriceIsSetByTheMarginalBuyerWhenItBuysOnlyPart() {
        MarketResult r = new MarketEngine(EngineOptions.DEFAULTS.withRoundQuotes()).clear(paperInterval(
                aSeller("S").surplusKwh("10").build(),
                aBuyer("B1").deficitKwh("6").reservationPrice("0.90").build(),
                aBuyer("B2").deficitKwh("6").reservationPrice("0.70").build()));

        assertThat(r.marketType()).isEqualTo(MarketType.SELLERS_MARKET);
        RoundSummary first = r.history().getFirst();
        assertThat(first.quotes()).extracting(RoundSummary.Quote::participantId).containsExactly("B1", "B2");
        assertThat(first.quotes()).extracting(q -> q.marketKwh().toPlainString()).containsExactly("6", "4");
        assertThat(first.clearingPrice()).isEqualByComparingTo("0.70");
    }

    @Test
    void aBuyerServedInFullCanGainByBecomingTheMarginalThatSetsALowPrice() {
        // B1 gets 6 at 0.70 (utility 1.20); quoting 0.40 it gets 4 at 0.40 (utility 2.00): round 1 is
        // no equilibrium, and the final state must be one.
        MarketResult r = engine.clear(paperInterval(
                aSeller("S").surplusKwh("10").build(),
                aBuyer("B1").deficitKwh("6").reservationPrice("0.90").build(),
                aBuyer("B2").deficitKwh("6").reservationPrice("0.70").build()));

        assertThat(r.history().getFirst().gainers()).isPositive();
        assertThat(r.rounds()).isGreaterThan(1);
        assertThat(r.equilibriumVerified()).isTrue();
    }

    @Test
    void marginalSellerThatSellsAllPassesThePriceToTheNextSeller() {
        // Demand 5 = H's 3 + E's 2 exactly: E is marginal and sells all, so F's quote is the price.
        MarketResult r = engine.clear(paperInterval(
                aBuyer("B").deficitKwh("5").build(),
                aSeller("H").surplusKwh("3").reservationPrice("0.40").build(),
                aSeller("E").surplusKwh("2").reservationPrice("0.50").build(),
                aSeller("F").surplusKwh("9").reservationPrice("0.64").build()));

        assertThat(r.history().getFirst().clearingPrice()).isEqualByComparingTo("0.64");
        assertThat(r.equilibriumVerified()).isTrue();
    }

    @Test
    void balancedMarketTradesEverythingAtTheMidMarketRateWithoutBidding() {
        MarketResult r = engine.clear(paperInterval(
                aSeller("S").surplusKwh("7.5").soc("10").build(),
                aBuyer("B1").deficitKwh("5").soc("90").build(),
                aBuyer("B2").deficitKwh("2.5").build()));

        assertThat(r.marketType()).isEqualTo(MarketType.BALANCED);
        assertThat(r.method()).isEqualTo(SolveMethod.BALANCED);
        assertThat(r.clearingPrice()).isEqualByComparingTo("0.75");
        assertThat(r.rounds()).isZero();
        assertThat(r.participants()).allSatisfy(p -> {
            assertThat(p.gridKwh()).isZero();
            assertThat(p.batteryKwh()).isZero();
            assertThat(p.quote()).isNull();
        });
        assertThat(r.participant("S").orElseThrow().marketAmount()).isEqualByComparingTo("5.625");
    }

    @Test
    void midMarketRateRoundsHalfUpToTheTick() {
        MarketResult r = engine.clear(new Interval("odd", new BigDecimal("0.40"), new BigDecimal("1.11"), new BigDecimal("0.01"),
                java.util.List.of(aSeller("S").surplusKwh("1").build(), aBuyer("B").deficitKwh("1").build())));

        assertThat(r.clearingPrice()).isEqualByComparingTo("0.76"); // 0.755
    }

    @Test
    void withNobodyOnTheOtherSideEveryoneGoesToStorageThenTheGrid() {
        MarketResult r = engine.clear(paperInterval(
                aSeller("S").surplusKwh("30").soc("80").build()));

        assertThat(r.method()).isEqualTo(SolveMethod.NO_TRADE);
        assertThat(r.clearingPrice()).isNull();
        ParticipantResult s = r.participant("S").orElseThrow();
        assertThat(s.batteryKwh()).isEqualByComparingTo("10");
        assertThat(s.gridKwh()).isEqualByComparingTo("20");
        assertThat(s.socPercentAfter()).isEqualByComparingTo("100");
        assertThat(s.gridAmount()).isEqualByComparingTo("8.00");
    }

    @Test
    void buyerDischargesItsBatteryBeforeBuyingFromTheGrid() {
        MarketResult r = engine.clear(paperInterval(
                aSeller("S").surplusKwh("2").build(),
                aBuyer("B").deficitKwh("12").soc("10").build()));

        ParticipantResult b = r.participant("B").orElseThrow();
        assertThat(b.marketKwh()).isEqualByComparingTo("2");
        assertThat(b.batteryKwh()).isEqualByComparingTo("5");
        assertThat(b.gridKwh()).isEqualByComparingTo("5");
        assertThat(b.socPercentAfter()).isEqualByComparingTo("0");
        assertThat(b.gridAmount()).isEqualByComparingTo("5.50");
    }

    @Test
    void amountsAndEnergyAreExactDecimals() {
        MarketResult r = engine.clear(paperInterval(
                aSeller("S").surplusKwh("0.333333").build(),
                aBuyer("B").deficitKwh("1.000001").build()));

        ParticipantResult s = r.participant("S").orElseThrow();
        assertThat(s.marketKwh()).isEqualTo(new BigDecimal("0.333333"));
        assertThat(s.marketAmount()).isEqualByComparingTo(r.clearingPrice().multiply(new BigDecimal("0.333333")));
        assertThat(r.participant("B").orElseThrow().gridKwh()).isEqualTo(new BigDecimal("0.666668"));
    }

    @Test
    void roundQuotesAreKeptOnlyWhenAsked() {
        Interval i = paperInterval(
                aSeller("S1").surplusKwh("16").build(),
                aBuyer("A").deficitKwh("4").soc("60").build(),
                aBuyer("B").deficitKwh("11").soc("42").build(),
                aBuyer("C").deficitKwh("6").soc("64").build(),
                aBuyer("D").deficitKwh("10").soc("58").build());

        assertThat(engine.clear(i).history()).allSatisfy(h -> assertThat(h.quotes()).isEmpty());
        MarketResult withQuotes = new MarketEngine(EngineOptions.DEFAULTS.withRoundQuotes()).clear(i);
        RoundSummary round2 = withQuotes.history().get(1);
        assertThat(round2.quotes()).extracting(RoundSummary.Quote::participantId).containsExactly("B", "D", "A", "C");
        assertThat(round2.quotes()).extracting(q -> q.price().toPlainString()).containsExactly("0.69", "0.68", "0.68", "0.65");
        assertThat(round2.quotes()).extracting(q -> q.marketKwh().toPlainString()).containsExactly("11", "5", "0", "0");
    }
}
