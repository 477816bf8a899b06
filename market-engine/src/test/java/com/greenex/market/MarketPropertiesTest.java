package com.greenex.market;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of market-model.md over random intervals. */
class MarketPropertiesTest {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private final MarketEngine engine = new MarketEngine();

    @Property(tries = 400)
    void energyBalancesForEveryParticipantAndAcrossTheMarket(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        BigDecimal sold = BigDecimal.ZERO;
        BigDecimal bought = BigDecimal.ZERO;
        for (ParticipantResult p : r.participants()) {
            BigDecimal energy = energyOf(interval, p.id());
            assertThat(p.marketKwh().add(p.batteryKwh()).add(p.gridKwh())).as(p.id()).isEqualByComparingTo(energy);
            assertThat(p.marketKwh().signum()).isNotNegative();
            assertThat(p.batteryKwh().signum()).isNotNegative();
            assertThat(p.gridKwh().signum()).isNotNegative();
            if (p.side() == Side.SELL) {
                sold = sold.add(p.marketKwh());
            } else {
                bought = bought.add(p.marketKwh());
            }
        }
        assertThat(sold).isEqualByComparingTo(bought);
    }

    @Property(tries = 400)
    void theShortSideIsServedInFullAtTheUniformPrice(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        if (r.method() == SolveMethod.NO_TRADE) {
            assertThat(r.participants()).allSatisfy(p -> assertThat(p.marketKwh()).isZero());
            return;
        }
        Side shortSide = switch (r.marketType()) {
            case BUYERS_MARKET -> Side.BUY;
            case SELLERS_MARKET -> Side.SELL;
            case BALANCED -> null;
        };
        for (ParticipantResult p : r.participants()) {
            if (shortSide == null || p.side() == shortSide) {
                assertThat(p.marketKwh()).as(p.id()).isEqualByComparingTo(energyOf(interval, p.id()));
            }
            assertThat(p.marketAmount()).as(p.id()).isEqualByComparingTo(r.clearingPrice().multiply(p.marketKwh()));
        }
    }

    @Property(tries = 400)
    void priceLiesWithinTheGridPricesAndOnTheTick(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        for (RoundSummary round : r.history()) {
            assertOnGrid(interval, round.clearingPrice());
        }
        if (r.clearingPrice() != null) {
            assertOnGrid(interval, r.clearingPrice());
        }
        for (ParticipantResult p : r.participants()) {
            assertOnGrid(interval, p.reservationPrice());
            if (p.quote() != null) {
                assertOnGrid(interval, p.quote());
            }
        }
    }

    @Property(tries = 400)
    void storageIsUsedBeforeTheGridAndSocStaysWithin0And100(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        for (ParticipantResult p : r.participants()) {
            Participant in = interval.participants().stream().filter(x -> x.id().equals(p.id())).findFirst().orElseThrow();
            if (in.battery() == null) {
                assertThat(p.batteryKwh()).isZero();
                assertThat(p.socPercentAfter()).isNull();
                continue;
            }
            assertThat(p.socPercentAfter()).isBetween(BigDecimal.ZERO, HUNDRED);
            if (p.gridKwh().signum() > 0) {
                // Only a full (seller) or empty (buyer) battery lets energy go to the grid.
                assertThat(p.socPercentAfter()).as(p.id()).isEqualByComparingTo(p.side() == Side.SELL ? HUNDRED : BigDecimal.ZERO);
            }
            BigDecimal delta = p.batteryKwh().multiply(HUNDRED).divide(in.battery().capacityKwh(), 6, java.math.RoundingMode.HALF_EVEN);
            BigDecimal expected = p.side() == Side.SELL ? in.battery().socPercent().add(delta) : in.battery().socPercent().subtract(delta);
            assertThat(p.socPercentAfter()).as(p.id()).isEqualByComparingTo(expected);
        }
    }

    @Property(tries = 400)
    void finalQuotesAreAVerifiedNashEquilibrium(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        if (r.method() == SolveMethod.BALANCED || r.method() == SolveMethod.NO_TRADE) {
            assertThat(r.equilibrium()).isInstanceOf(Equilibrium.NotApplicable.class);
            return;
        }
        assertThat(r.equilibrium().verified()).isTrue();
        assertThat(ReferenceAuction.firstProfitableDeviation(interval, r)).isNull();
        ReferenceAuction.Cleared again = reclear(interval, r);
        assertThat(again.price()).isEqualByComparingTo(r.clearingPrice());
    }

    @Property(tries = 200)
    void ranksAreAMeritOrderOfTheFinalQuotes(@ForAll("intervals") Interval interval) {
        MarketResult r = engine.clear(interval);
        List<ParticipantResult> ranked = r.participants().stream().filter(p -> p.rank() > 0)
                .sorted(java.util.Comparator.comparingInt(ParticipantResult::rank)).toList();
        for (int i = 0; i < ranked.size(); i++) {
            assertThat(ranked.get(i).rank()).isEqualTo(i + 1);
            if (i > 0) {
                int cmp = ranked.get(i).quote().compareTo(ranked.get(i - 1).quote());
                assertThat(r.marketType() == MarketType.BUYERS_MARKET ? cmp : -cmp).isNotNegative();
            }
        }
    }

    private static ReferenceAuction.Cleared reclear(Interval interval, MarketResult r) {
        boolean sellersCompete = r.marketType() == MarketType.BUYERS_MARKET;
        List<ReferenceAuction.Bid> bids = new ArrayList<>();
        for (ParticipantResult p : r.participants()) {
            if (p.quote() != null) {
                bids.add(new ReferenceAuction.Bid(p.id(), p.quote(), p.rank(), energyOf(interval, p.id()), p.reservationPrice()));
            }
        }
        return ReferenceAuction.clear(bids, sellersCompete ? r.demandKwh() : r.supplyKwh(), sellersCompete);
    }

    private static void assertOnGrid(Interval interval, BigDecimal price) {
        assertThat(price).isBetween(interval.gridFeedInPrice(), interval.gridRetailPrice());
        assertThat(price.subtract(interval.gridFeedInPrice()).remainder(interval.priceTick())).isZero();
    }

    private static BigDecimal energyOf(Interval interval, String id) {
        return interval.participants().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow().energyKwh();
    }

    @Provide
    Arbitrary<Interval> intervals() {
        Arbitrary<BigDecimal> tick = Arbitraries.of(new BigDecimal("0.01"), new BigDecimal("0.05"), new BigDecimal("0.10"));
        Arbitrary<List<Participant>> sellers = participant(Side.SELL).list().ofMinSize(0).ofMaxSize(9);
        Arbitrary<List<Participant>> buyers = participant(Side.BUY).list().ofMinSize(0).ofMaxSize(9);
        return Combinators.combine(tick, sellers, buyers).as((t, s, b) -> {
            List<Participant> all = new ArrayList<>();
            int n = 0;
            for (Participant p : s) {
                all.add(new Participant("S" + (++n), p.side(), p.energyKwh(), p.battery(), onTick(p.reservationPrice(), t)));
            }
            for (Participant p : b) {
                all.add(new Participant("B" + (++n), p.side(), p.energyKwh(), p.battery(), onTick(p.reservationPrice(), t)));
            }
            return new Interval("random", new BigDecimal("0.40"), new BigDecimal("1.10"), t, all);
        });
    }

    private static BigDecimal onTick(BigDecimal price, BigDecimal tick) {
        if (price == null) {
            return null;
        }
        return price.divide(tick, 0, java.math.RoundingMode.DOWN).multiply(tick);
    }

    private static Arbitrary<Participant> participant(Side side) {
        Arbitrary<BigDecimal> energy = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 20).map(BigDecimal::valueOf),
                Arbitraries.integers().between(1, 200).map(i -> BigDecimal.valueOf(i, 1)));
        Arbitrary<Battery> battery = Combinators.combine(
                        Arbitraries.integers().between(5, 60).map(BigDecimal::valueOf),
                        Arbitraries.integers().between(0, 100).map(BigDecimal::valueOf))
                .as(Battery::new).injectNull(0.3);
        Arbitrary<BigDecimal> reservation = Arbitraries.integers().between(40, 110)
                .map(i -> BigDecimal.valueOf(i, 2)).injectNull(0.8);
        return Combinators.combine(energy, battery, reservation)
                .as((e, b, r) -> new Participant("x", side, e, b, r));
    }

}
